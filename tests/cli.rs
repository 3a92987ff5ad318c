#![cfg(not(target_arch = "wasm32"))]
//! The `ibid parse` command line: output, `--root`, stdin, exit codes.

use std::io::Write;
use std::process::{Command, Stdio};

fn ibid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ibid"))
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn parses_a_file_to_json() {
    let out = ibid().args(["parse", &fixture("november-revolution.wp-classic.html")]).output().expect("should run");
    assert!(out.status.success(), "should exit 0: {}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("should print JSON");
    assert_eq!(json["quotes"].as_array().map(Vec::len), Some(6), "should list the six documents");
    assert_eq!(json["quotes"][2]["notes"][0]["kind"], "literal", "should carry the notes");
}

#[test]
fn root_selector_and_stdin() {
    let mut child = ibid()
        .args(["parse", "-", "--root", "#b"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("should run");
    let html = "<div id=a><blockquote><p>One [sic]</p></blockquote></div><div id=b><blockquote><p>Two [?]</p></blockquote></div>";
    child.stdin.take().expect("stdin").write_all(html.as_bytes()).expect("should write");
    let out = child.wait_with_output().expect("should finish");
    assert!(out.status.success(), "should exit 0");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("should print JSON");
    assert_eq!(json["quotes"].as_array().map(Vec::len), Some(1), "should read only the root");
    assert_eq!(json["quotes"][0]["notes"][0]["kind"], "uncertain", "should read the second div");
}

#[test]
fn any_html_exits_zero() {
    let mut child =
        ibid().args(["parse", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("should run");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"<blockquote>[unclosed <p>\xff\xfe</blockquote><p>Ibid.")
        .expect("should write");
    let out = child.wait_with_output().expect("should finish");
    assert!(out.status.success(), "broken HTML should still exit 0");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("should print JSON");
    assert!(json["diagnostics"].is_array(), "should report diagnostics");
}

#[test]
fn errors_exit_two_with_one_line() {
    for args in [
        vec!["parse", "/no/such/file.html"],
        vec!["frobnicate"],
        vec![],
        vec!["parse", "x.html", "--root"],
        vec!["parse", "-", "--root", "a > b"],
    ] {
        let out = ibid().args(&args).stdin(Stdio::null()).output().expect("should run");
        assert_eq!(out.status.code(), Some(2), "{args:?} should exit 2");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?} should print one line: {err}");
        assert!(err.starts_with("ibid: "), "{args:?} should name ibid: {err}");
    }
}
