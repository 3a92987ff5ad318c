//! The line grammars never panic: attribution lines, dates, notes, sources.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let line = String::from_utf8_lossy(data);
    let a = ibid::attribution::parse(&line);
    if let Some(date) = a.date {
        assert!(date.month.is_none_or(|m| (1..=12).contains(&m)));
        assert!(date.day.is_none_or(|d| (1..=31).contains(&d)));
    }
    let _ = ibid::attribution::parse_source(&line);
    let mentions = ibid::date::find(&line);
    for m in &mentions {
        assert!(m.start <= m.end && m.end <= line.len() && line.is_char_boundary(m.start) && line.is_char_boundary(m.end));
    }
    let (notes, unclosed) = ibid::notes::scan(&line);
    for n in &notes {
        assert!(n.start < n.end && n.end <= line.len());
    }
    for u in &unclosed {
        assert!(u.at < line.len());
    }
});
