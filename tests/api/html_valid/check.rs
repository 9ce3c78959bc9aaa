//! The HTML checks run on every page: html5ever's spec parse errors (exact messages), the
//! doctype and standards mode, `lang`, one title, unique ids, `alt` on images, an accessible
//! name for every form control, button and link, id references that resolve, no interactive
//! element inside another, and no inline event handlers when a Content-Security-Policy is sent.
//! Shared with the browser tests (tests/browser/harness.rs), which run it on the live DOM.

use html5ever::driver::{parse_document, ParseOpts};
use html5ever::tendril::TendrilSink;
use html5ever::tokenizer::TokenizerOpts;
use html5ever::tree_builder::TreeBuilderOpts;
use scraper::{ElementRef, Html, HtmlTreeSink, Selector};
use std::collections::{HashMap, HashSet};

/// Attributes whose value is an id (or a space-separated list of ids) on the same page.
const ID_REFS: [&str; 7] = [
    "for",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "list",
    "form",
];

/// Elements a `<label for>` may point at (HTML's "labelable elements").
const LABELABLE: [&str; 7] = [
    "button", "input", "meter", "output", "progress", "select", "textarea",
];

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

/// The start tag of an element with its identifying attributes, shortened: how a problem
/// names the element.
pub fn describe(el: ElementRef) -> String {
    let mut out = format!("<{}", el.value().name());
    let shown = [
        "id",
        "name",
        "type",
        "for",
        "href",
        "src",
        "class",
        "aria-label",
    ];
    for (name, value) in el.value().attrs().filter(|(n, _)| shown.contains(n)) {
        let value: String = value.chars().take(40).collect();
        out.push_str(&format!(" {name}=\"{value}\""));
    }
    out.push('>');
    if out.chars().count() > 140 {
        out = out.chars().take(137).collect::<String>() + "…>";
    }
    out
}

/// Parse with html5ever reporting exact (spec) parse errors.
fn parse(body: &str) -> Html {
    let opts = ParseOpts {
        tokenizer: TokenizerOpts {
            exact_errors: true,
            ..Default::default()
        },
        tree_builder: TreeBuilderOpts {
            exact_errors: true,
            ..Default::default()
        },
    };
    parse_document(HtmlTreeSink::new(Html::new_document()), opts).one(body)
}

/// The tag name of an element's parent.
fn parent_name(el: ElementRef) -> String {
    el.parent()
        .and_then(ElementRef::wrap)
        .map(|p| p.value().name().to_string())
        .unwrap_or_default()
}

fn text_of(el: ElementRef) -> String {
    el.text().collect::<String>().trim().to_string()
}

fn non_empty(v: Option<&str>) -> bool {
    v.is_some_and(|v| !v.trim().is_empty())
}

/// Everything wrong with a page (empty when it is fine). `csp` says whether the response sent
/// a Content-Security-Policy (inline handlers and scripts would then be blocked).
pub fn problems(body: &str, csp: bool) -> Vec<String> {
    let doc = parse(body);
    let mut out: Vec<String> = doc
        .errors
        .iter()
        .map(|e| format!("HTML parse error: {e}"))
        .collect();
    let start = body.trim_start_matches('\u{feff}').trim_start();
    if !start.to_ascii_lowercase().starts_with("<!doctype html>") {
        out.push("does not start with <!doctype html>".into());
    }
    if format!("{:?}", doc.quirks_mode) != "NoQuirks" {
        out.push(format!("rendered in {:?} mode", doc.quirks_mode));
    }
    let root = doc.root_element();
    if !non_empty(root.attr("lang")) {
        out.push(format!("{} has no lang", describe(root)));
    }
    // An SVG's <title> is its tooltip, not the document's title.
    let titles: Vec<_> = doc
        .select(&sel("title"))
        .filter(|t| {
            !t.ancestors()
                .any(|a| a.value().as_element().is_some_and(|e| e.name() == "svg"))
        })
        .collect();
    let in_head = doc.select(&sel("head > title")).count();
    match titles.as_slice() {
        [t] if in_head == 1 && !text_of(*t).is_empty() => {}
        [t] if in_head == 1 => out.push(format!("{} is empty", describe(*t))),
        _ => out.push(format!(
            "{} <title> elements ({} in <head>), want exactly one",
            titles.len(),
            in_head
        )),
    }

    let mut ids: HashMap<String, ElementRef> = HashMap::new();
    for el in doc.select(&sel("[id]")) {
        let id = el.attr("id").unwrap_or_default();
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            out.push(format!(
                "{}: an id must be non-empty without spaces",
                describe(el)
            ));
        } else if let Some(first) = ids.get(id) {
            out.push(format!(
                "duplicate id {id:?}: {} and {}",
                describe(*first),
                describe(el)
            ));
        } else {
            ids.insert(id.to_string(), el);
        }
    }
    let resolves = |list: &str| {
        let refs: Vec<&str> = list.split_whitespace().collect();
        !refs.is_empty() && refs.iter().all(|id| ids.contains_key(*id))
    };

    for img in doc.select(&sel("img:not([alt])")) {
        out.push(format!("{} has no alt", describe(img)));
    }

    let labelled: HashSet<&str> = doc
        .select(&sel("label[for]"))
        .filter_map(|l| l.attr("for"))
        .collect();
    let controls = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea";
    for c in doc.select(&sel(controls)) {
        let by_for = c.attr("id").is_some_and(|id| labelled.contains(id));
        let wrapped = c
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().name() == "label");
        let by_aria =
            non_empty(c.attr("aria-label")) || c.attr("aria-labelledby").is_some_and(&resolves);
        if !(by_for || wrapped || by_aria) {
            out.push(format!(
                "{} has no accessible name (label for, wrapping label, aria-label or aria-labelledby)",
                describe(c)
            ));
        }
    }
    for el in doc.select(&sel("button, a[href]")) {
        let has_img_alt = el
            .select(&sel("img[alt]"))
            .any(|i| non_empty(i.attr("alt")));
        let named = !text_of(el).is_empty()
            || has_img_alt
            || non_empty(el.attr("aria-label"))
            || el.attr("aria-labelledby").is_some_and(&resolves)
            || non_empty(el.attr("title"));
        if !named {
            out.push(format!("{} has no text or accessible name", describe(el)));
        }
    }

    for attr in ID_REFS {
        for el in doc.select(&sel(&format!("[{attr}]"))) {
            let value = el.attr(attr).unwrap_or_default();
            if !resolves(value) {
                out.push(format!(
                    "{}: {attr}={value:?} names no id on the page",
                    describe(el)
                ));
            }
        }
    }
    for label in doc.select(&sel("label[for]")) {
        let target = label.attr("for").and_then(|id| ids.get(id));
        if let Some(t) = target {
            let kind = t.value().name();
            if !LABELABLE.contains(&kind) || t.attr("type") == Some("hidden") {
                out.push(format!(
                    "{} points at {}, which a label cannot label",
                    describe(label),
                    describe(*t)
                ));
            }
        }
    }
    let nested = "a a, a button, a input, a select, a textarea, button a, button button, button input, button select, button textarea, label label";
    for el in doc.select(&sel(nested)) {
        out.push(format!(
            "{} is inside another interactive element",
            describe(el)
        ));
    }

    // Content models the parser lets through: flow content inside phrasing-only elements,
    // list items outside lists, and lists or description lists holding other children.
    let phrasing = [
        "span", "b", "i", "em", "strong", "small", "code", "label", "button", "output", "p", "h1",
        "h2", "h3", "h4", "h5", "h6",
    ];
    let flow = [
        "div",
        "p",
        "ul",
        "ol",
        "dl",
        "table",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "nav",
        "main",
        "form",
        "figure",
        "blockquote",
        "hr",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    ];
    let pairs: Vec<String> = phrasing
        .iter()
        .flat_map(|c| flow.iter().map(move |f| format!("{c} {f}")))
        .collect();
    for el in doc.select(&sel(&pairs.join(", "))) {
        out.push(format!(
            "{} may hold only phrasing content, not {}",
            parent_name(el),
            describe(el)
        ));
    }
    let misplaced = ":not(ul, ol, menu) > li, ul > :not(li, script, template), \
        ol > :not(li, script, template), dl > :not(dt, dd, div, script, template)";
    for el in doc.select(&sel(misplaced)) {
        out.push(format!(
            "{} is misplaced in <{}>",
            describe(el),
            parent_name(el)
        ));
    }

    if csp {
        for el in doc.select(&sel("*")) {
            for (name, _) in el.value().attrs() {
                if name.starts_with("on") {
                    out.push(format!(
                        "{}: inline handler {name} is blocked by the CSP",
                        describe(el)
                    ));
                }
            }
        }
        // A data block (`type="application/json"`) is not run, so the CSP lets it be.
        for s in doc.select(&sel("script:not([src]):not([type=\"application/json\"])")) {
            out.push(format!(
                "{}: inline script is blocked by the CSP",
                describe(s)
            ));
        }
    }
    out
}
