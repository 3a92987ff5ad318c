#![cfg(not(target_arch = "wasm32"))]
//! Golden and corpus tests: the real posts of the blog ibid was built for,
//! in three markup dialects, held-out posts of the same genre, and every
//! editorial note of the corpus.
//!
//! Bless changed goldens with `UPDATE_EXPECT=1 cargo test --test corpus`, then
//! read the diff: a golden is a claim that the output is right.

use std::path::{Path, PathBuf};

use ibid::model::Document;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn parse_file(path: &Path) -> Document {
    let html = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("should read {}: {e}", path.display()));
    let tree = ibid::html::parse_document(&html);
    ibid::parse(&tree, ibid::html::default_root(&tree))
}

fn json_of(path: &Path) -> serde_json::Value {
    let doc = parse_file(path);
    serde_json::from_str(&ibid::json::to_json(&doc)).expect("should write valid JSON")
}

const DIALECTS: [&str; 3] = ["wp-classic", "gutenberg", "commonmark"];

#[test]
fn november_revolution_in_every_dialect() {
    for dialect in DIALECTS {
        let doc = parse_file(&fixtures().join(format!("november-revolution.{dialect}.html")));
        let q = &doc.quotes;
        assert_eq!(
            q.len(),
            6,
            "{dialect}: should find the six documents and nothing for captions, pingbacks or the form"
        );
        let field = |i: usize| {
            let s = q[i].source.clone().unwrap_or_default();
            (
                q[i].kind.clone(),
                q[i].from.clone(),
                q[i].to.clone(),
                q[i].date.map(|d| d.iso()),
                q[i].sent.map(|d| d.iso()),
                s.pages,
                s.ibid,
            )
        };
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            field(0),
            (
                s("letter"),
                s("the Foreign Ministry"),
                s("Ambassador Liu Jingren"),
                s("1917-11-12"),
                None,
                s("175"),
                false
            ),
            "{dialect}: letter"
        );
        assert_eq!(
            field(1),
            (
                s("meeting"),
                s("Deputy Foreign Minister Gao Erqian"),
                s("Ambassador Hayashi"),
                s("1917-11-16"),
                None,
                s("177"),
                true
            ),
            "{dialect}: meeting"
        );
        assert_eq!(
            field(2),
            (s("telegram"), s("Liu Jingren"), None, s("1917-11-27"), s("1917-11-07"), s("180-181"), true),
            "{dialect}: first telegram"
        );
        for (i, sent) in [(3, "1917-11-08"), (4, "1917-11-23"), (5, "1917-11-24")] {
            assert_eq!(
                field(i),
                (s("telegram"), s("Liu Jingren"), None, s("1917-11-28"), s(sent), s("181"), true),
                "{dialect}: telegram {i}"
            );
        }
        let title = "Zhong-e guanxi shiliao, Minguo jiunian zhi banian (1917-1919). E zhengbian yu yiban jiaoshe";
        for quote in q {
            let source = quote.source.as_ref().expect("should have a source");
            assert_eq!(source.title.as_deref(), Some(title), "{dialect}: every Ibid. should resolve to the full title");
            assert_eq!(source.volume.as_deref(), Some("(1)"), "{dialect}: should carry the volume");
        }
        let notes: Vec<(usize, &str, &str)> = q
            .iter()
            .enumerate()
            .flat_map(|(i, q)| q.notes.iter().map(move |n| (i, n.text.as_str(), n.kind.as_str())))
            .collect();
        assert_eq!(
            notes,
            vec![
                (2, "lit. maximalists’", "literal"),
                (4, "N.N. Dukhonin", "note"),
                (4, "N.V. Krylenko, an ensign", "note")
            ],
            "{dialect}: should find the three editorial notes with their kinds"
        );
        assert!(doc.diagnostics.is_empty(), "{dialect}: should have nothing to complain about: {:?}", doc.diagnostics);
    }
}

#[test]
fn dialects_agree() {
    let jsons: Vec<serde_json::Value> =
        DIALECTS.iter().map(|d| json_of(&fixtures().join(format!("november-revolution.{d}.html")))).collect();
    let strip = |v: &serde_json::Value| {
        let mut v = v.clone();
        // The attribution's raw text may differ by a leading dash between dialects.
        for q in v["quotes"].as_array_mut().into_iter().flatten() {
            q["attribution"] = serde_json::Value::Null;
        }
        v
    };
    assert_eq!(strip(&jsons[0]), strip(&jsons[1]), "classic and Gutenberg should give the same model");
    assert_eq!(strip(&jsons[0]), strip(&jsons[2]), "classic and CommonMark should give the same model");
}

/// Every fixture against its golden JSON in `tests/fixtures/expected/`.
#[test]
fn goldens() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut n = 0;
    for entry in std::fs::read_dir(fixtures()).expect("should list fixtures") {
        let path = entry.expect("should read the entry").path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        n += 1;
        let got = serde_json::to_string_pretty(&json_of(&path)).expect("should print JSON") + "\n";
        let golden = fixtures().join("expected").join(path.file_name().expect("has a name")).with_extension("json");
        if update {
            std::fs::write(&golden, &got).expect("should write the golden");
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if want != got {
            failures.push(format!("{} differs from {} (UPDATE_EXPECT=1 to bless)", path.display(), golden.display()));
        }
    }
    assert!(n >= 19, "should have found the fixtures, found {n}");
    assert!(failures.is_empty(), "goldens:\n{}", failures.join("\n"));
}

fn normalise_dashes(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::String(s) => serde_json::Value::String(s.replace(['–', '—'], "-")),
        other => other.clone(),
    }
}

/// Posts of the same genre written by someone else, never tuned against:
/// the parser must generalise from the shapes.
#[test]
fn unseen_posts() {
    let dir = fixtures().join("unseen");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).expect("should read expected.json"))
            .expect("should parse expected.json");
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for (file, want) in expected["files"].as_object().expect("files is an object") {
        let got = json_of(&dir.join(file));
        let want_quotes = want["quotes"].as_array().expect("quotes is an array");
        let got_quotes = got["quotes"].as_array().expect("quotes is an array");
        if want_quotes.len() != got_quotes.len() {
            mismatches.push(format!("{file}: {} quotes, expected {}", got_quotes.len(), want_quotes.len()));
        }
        for (i, (w, g)) in want_quotes.iter().zip(got_quotes).enumerate() {
            for key in ["kind", "from", "to", "date", "sent"] {
                checked += 1;
                if w[key] != g[key] {
                    mismatches.push(format!("{file} #{i} {key}: got {} expected {}", g[key], w[key]));
                }
            }
            for key in ["title", "volume", "pages", "ibid"] {
                checked += 1;
                if normalise_dashes(&w["source"][key]) != normalise_dashes(&g["source"][key]) {
                    mismatches.push(format!(
                        "{file} #{i} source.{key}: got {} expected {}",
                        g["source"][key], w["source"][key]
                    ));
                }
            }
            checked += 1;
            let notes = |v: &serde_json::Value| -> Vec<(String, String)> {
                v["notes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|n| (n["text"].to_string(), n["kind"].to_string()))
                    .collect()
            };
            if notes(w) != notes(g) {
                mismatches.push(format!("{file} #{i} notes: got {:?} expected {:?}", notes(g), notes(w)));
            }
        }
        let wants_diagnostic =
            expected["ibid_without_antecedent"].as_array().into_iter().flatten().any(|f| f.as_str() == Some(file));
        let has_diagnostic = got["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|d| d["message"].as_str().is_some_and(|m| m.starts_with("ibid.")));
        if wants_diagnostic != has_diagnostic {
            mismatches.push(format!(
                "{file}: ibid-without-antecedent diagnostic {has_diagnostic}, expected {wants_diagnostic}"
            ));
        }
    }
    assert!(checked > 100, "should have checked the held-out fields, checked {checked}");
    assert!(
        mismatches.is_empty(),
        "{} of {checked} held-out checks differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Every editorial note inside the corpus's quotes, listed by hand in
/// `corpus-notes.json`, is found with the right kind, in order.
#[test]
fn every_corpus_note() {
    let listed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("corpus-notes.json")).expect("should read corpus-notes.json"),
    )
    .expect("should parse corpus-notes.json");
    let mut mismatches = Vec::new();
    let mut n_notes = 0;
    for (file, want) in listed.as_object().expect("an object") {
        let doc = parse_file(&fixtures().join(file));
        let got: Vec<(String, String)> = doc
            .quotes
            .iter()
            .flat_map(|q| q.notes.iter().map(|n| (n.text.clone(), n.kind.as_str().to_string())))
            .collect();
        let want: Vec<(String, String)> = want
            .as_array()
            .expect("a list")
            .iter()
            .map(|n| (n["text"].as_str().unwrap_or("").to_string(), n["kind"].as_str().unwrap_or("").to_string()))
            .collect();
        n_notes += want.len();
        if got != want {
            mismatches.push(format!("{file}:\n  got      {got:?}\n  expected {want:?}"));
        }
    }
    assert!(n_notes >= 20, "should have checked the corpus notes, checked {n_notes}");
    assert!(mismatches.is_empty(), "notes differ:\n{}", mismatches.join("\n"));
}

/// Every corpus excerpt in its three dialects (`scripts/dialects.py` derives
/// the Gutenberg and CommonMark versions from the classic one) gives the
/// same model.
#[test]
fn every_corpus_text_in_three_dialects() {
    let mut compared = 0;
    for entry in std::fs::read_dir(fixtures()).expect("should list fixtures") {
        let path = entry.expect("should read the entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if !name.starts_with("amur-") || name.ends_with(".gutenberg.html") || name.ends_with(".commonmark.html") {
            continue;
        }
        let stem = name.trim_end_matches(".html");
        let classic = json_of(&path);
        for dialect in ["gutenberg", "commonmark"] {
            let other = fixtures().join(format!("{stem}.{dialect}.html"));
            assert!(other.exists(), "{} is missing: run python3 scripts/dialects.py", other.display());
            assert_eq!(json_of(&other), classic, "{stem}: {dialect} should give the classic model");
            compared += 1;
        }
    }
    assert!(compared >= 50, "should have compared every excerpt in two more dialects, compared {compared}");
}

/// A long post's cards are built from the view outwards, each asking for its
/// quote as it comes (`ibid::quotes::Finder`): whatever the order, every
/// fixture gives the quotes, and in the end the document, that one parse does.
#[test]
fn quotes_asked_for_out_of_order_are_the_ones_parsed_at_once() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("should list the fixtures")
        .chain(std::fs::read_dir(fixtures().join("unseen")).expect("should list the held-out posts"))
        .map(|e| e.expect("should read the entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    files.sort();
    assert!(files.len() > 20, "the fixtures are there");
    let mut asked = 0;
    for path in &files {
        let html = std::fs::read_to_string(path).expect("should read the fixture");
        let tree = ibid::html::parse_document(&html);
        let root = ibid::html::default_root(&tree);
        let whole = ibid::parse(&tree, root);
        let mut finder = ibid::quotes::Finder::new(&tree, root);
        let n = finder.candidates.len();
        // As dom.js builds: from a candidate in the middle (the view) down, then up.
        let order: Vec<usize> = (n / 2..n).chain((0..n / 2).rev()).collect();
        let mut seen = vec![false; whole.quotes.len()];
        for k in order {
            if let Some(i) = finder.quote(&tree, k) {
                asked += 1;
                assert_eq!(finder.doc.quotes[i], whole.quotes[i], "{}: quote {i}", path.display());
                assert_eq!(
                    whole.quotes[i].blockquote.0,
                    finder.candidates[k],
                    "{}: quote {i} is candidate {k}'s",
                    path.display()
                );
                assert!(!std::mem::replace(&mut seen[i], true), "{}: quote {i} asked for twice", path.display());
            }
        }
        assert!(seen.iter().all(|&s| s), "{}: every quote comes from one candidate", path.display());
        assert_eq!(finder.finish(&tree), &whole, "{}: the same document in the end", path.display());
    }
    assert!(asked > 100, "quotes were asked for ({asked})");
}
