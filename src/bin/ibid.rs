//! The `ibid` command line: `ibid parse FILE.html [--root SELECTOR]` prints
//! the JSON of the quoted documents found in an HTML file (`-` reads stdin).
//!
//! Exit status: 0 for any HTML (problems in the post go into `diagnostics`),
//! 2 with a one-line error for bad arguments or an unreadable file.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::io::Read;
    use std::process::exit;

    const USAGE: &str = "usage: ibid parse FILE.html [--root CSS-SELECTOR]   (FILE '-' reads stdin)";
    let fail = |message: &str| -> ! {
        eprintln!("ibid: {message}");
        exit(2)
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return;
    }
    if args.iter().any(|a| a == "-V" || a == "--version") {
        println!("ibid {}", ibid::VERSION);
        return;
    }
    let mut file: Option<&str> = None;
    let mut root: Option<&str> = None;
    let mut rest = args.iter().map(String::as_str);
    match rest.next() {
        Some("parse") => {}
        Some(other) => fail(&format!("unknown command {other:?}; {USAGE}")),
        None => fail(USAGE),
    }
    while let Some(arg) = rest.next() {
        match arg {
            "--root" => root = Some(rest.next().unwrap_or_else(|| fail("--root needs a CSS selector"))),
            _ if arg.starts_with("--root=") => root = Some(&arg["--root=".len()..]),
            _ if arg.starts_with('-') && arg != "-" => fail(&format!("unknown option {arg:?}; {USAGE}")),
            _ if file.is_none() => file = Some(arg),
            _ => fail(&format!("unexpected argument {arg:?}; {USAGE}")),
        }
    }
    let file = file.unwrap_or_else(|| fail(USAGE));
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map(|_| buf)
    } else {
        std::fs::read(file)
    };
    let bytes = bytes.unwrap_or_else(|e| fail(&format!("cannot read {file}: {e}")));
    // HTML is read as UTF-8; invalid bytes become U+FFFD as in a browser.
    let html = String::from_utf8_lossy(&bytes);
    let tree = ibid::html::parse_document(&html);
    let root = match root {
        Some(selector) => match ibid::html::select_root(&tree, selector) {
            Ok(Some(root)) => root,
            Ok(None) => fail(&format!("no element matches --root {selector:?}")),
            Err(e) => fail(&e.to_string()),
        },
        None => ibid::html::default_root(&tree),
    };
    let doc = ibid::parse(&tree, root);
    println!("{}", ibid::json::to_json(&doc));
}

#[cfg(target_arch = "wasm32")]
fn main() {}
