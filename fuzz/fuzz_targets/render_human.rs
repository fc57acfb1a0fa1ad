//! Arbitrary text and arbitrary findings on it (any rule, any byte range — reversed, past the
//! end, inside a character) through the resolver and the human renderer, at any width the
//! binary allows (40–400) and every passage mode; then the other renderers.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use okrlint_core::diagnostic::{Code, Hit};
use okrlint_core::lint::Report;
use okrlint_core::render::{self, HumanStyle, Passages};
use okrlint_core::source::SourceFile;

#[derive(Debug, Arbitrary)]
struct Input {
    text: String,
    width: u16,
    color: bool,
    passages: u8,
    hits: Vec<(u16, u16, u16, String)>,
}

fuzz_target!(|input: Input| {
    let source = SourceFile::new("plan.toml".into(), "plan.toml".into(), input.text.clone());
    let len = input.text.len();
    let hits: Vec<Hit> = input
        .hits
        .iter()
        .take(16)
        .map(|(rule, start, end, message)| {
            // Offsets up to a few bytes past the end, so out-of-range spans are tried too.
            let start = usize::from(*start) % (len + 4);
            let end = usize::from(*end) % (len + 4);
            let code = Code::ALL[usize::from(*rule) % Code::ALL.len()];
            Hit::new(code, 0, start..end, message.clone())
        })
        .collect();
    let report = Report::for_hits(source, hits, okrlint_fuzz::registry());
    let style = HumanStyle {
        color: input.color,
        width: usize::from(input.width).clamp(40, 400),
        passages: match input.passages % 3 {
            0 => Passages::All,
            1 => Passages::First,
            _ => Passages::None,
        },
    };
    let _ = render::human(&report, style);
    let _ = render::concise(&report);
    let _ = render::json(&report);
});
