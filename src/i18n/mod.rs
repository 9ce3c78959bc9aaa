//! The words of every page, in Vietnamese (first) and English: Fluent message files
//! (`vi.ftl`, `en.ftl` beside this file, embedded in the binary), the language a visitor
//! gets, and the dates, weekdays and money as each language writes them.
//!
//! Choice order: the visitor's switch (the `lang` cookie) wins over the browser's
//! `Accept-Language`, which wins over the site's `server.language`.

mod dates;
mod negotiate;

pub use dates::{day_label, long_date, short_date, time_of_day, weekday};
pub use negotiate::{choose, COOKIE};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A language the pages speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Tiếng Việt: the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// Every language, the default first.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// BCP 47 code, as in `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The language of a code (`vi`, `en`, `en-US`, `vi-VN`…), if we speak it.
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name, for the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Vi => "Tiếng Việt",
            Lang::En => "English",
        }
    }

    /// The message file of this language.
    pub fn source(self) -> &'static str {
        match self {
            Lang::Vi => include_str!("vi.ftl"),
            Lang::En => include_str!("en.ftl"),
        }
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }
}

static VI: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| load(Lang::Vi));
static EN: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| load(Lang::En));

fn load(lang: Lang) -> FluentBundle<FluentResource> {
    let id = match lang {
        Lang::Vi => unic_langid::langid!("vi"),
        Lang::En => unic_langid::langid!("en"),
    };
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Pages are HTML: no Unicode isolation marks around placeholders.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(lang.source().to_string()) {
        Ok(r) => r,
        Err((r, errors)) => {
            tracing::error!(
                lang = lang.code(),
                ?errors,
                "message file has syntax errors"
            );
            r
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(
            lang = lang.code(),
            ?errors,
            "message file has duplicate keys"
        );
    }
    bundle
}

/// A message argument: text or a number (numbers choose plural forms).
#[derive(Debug, Clone)]
pub enum Arg {
    /// Shown as is.
    Text(String),
    /// A count or amount.
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Num(n)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Num(i64::from(n))
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// The message `key` in `lang` with `args`. A key missing from the file shows as the key
/// itself (and is logged): the tests fail on any such key.
pub fn text(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let bundle = lang.bundle();
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        tracing::warn!(lang = lang.code(), key, "missing message");
        return key.to_string();
    };
    let mut fa = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fa.set(*name, FluentValue::from(s.as_str())),
            Arg::Num(n) => fa.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, (!args.is_empty()).then_some(&fa), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(
            lang = lang.code(),
            key,
            ?errors,
            "message formatting failed"
        );
    }
    out.into_owned()
}

/// The keys of a language's message file, in file order.
pub fn keys(lang: Lang) -> Vec<String> {
    lang.source()
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        .collect()
}

/// Every `js-…` message of `lang` as a JSON object, for a page's scripts (their
/// placeholders `{ $name }` are filled in by the script).
pub fn script_messages(lang: Lang) -> String {
    static CACHE: LazyLock<[String; 2]> = LazyLock::new(|| {
        Lang::ALL.map(|l| {
            let map: BTreeMap<String, String> = keys(l)
                .into_iter()
                .filter(|k| k.starts_with("js-"))
                .map(|k| {
                    let raw = raw_pattern(l, &k);
                    (k, raw)
                })
                .collect();
            // `</` never appears inside the inline <script> block.
            serde_json::to_string(&map)
                .unwrap_or_else(|_| "{}".into())
                .replace("</", "<\\/")
        })
    });
    match lang {
        Lang::Vi => CACHE[0].clone(),
        Lang::En => CACHE[1].clone(),
    }
}

/// A message as written in the file (placeholders left in), for scripts.
fn raw_pattern(lang: Lang, key: &str) -> String {
    lang.source()
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == key).then(|| v.trim().to_string())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_files_have_the_same_keys() {
        let vi: BTreeSet<String> = keys(Lang::Vi).into_iter().collect();
        let en: BTreeSet<String> = keys(Lang::En).into_iter().collect();
        let only_vi: Vec<_> = vi.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&vi).collect();
        assert!(only_vi.is_empty(), "missing in en.ftl: {only_vi:?}");
        assert!(only_en.is_empty(), "missing in vi.ftl: {only_en:?}");
        assert_eq!(keys(Lang::Vi).len(), vi.len(), "a key twice in vi.ftl");
        assert_eq!(keys(Lang::En).len(), en.len(), "a key twice in en.ftl");
    }

    #[test]
    fn files_parse_and_every_message_formats() {
        for lang in Lang::ALL {
            let parsed = FluentResource::try_new(lang.source().to_string());
            assert!(parsed.is_ok(), "{} has syntax errors", lang.code());
            for key in keys(lang) {
                let bundle = lang.bundle();
                let msg = bundle.get_message(&key);
                assert!(msg.and_then(|m| m.value()).is_some(), "{key} has no value");
            }
        }
    }

    #[test]
    fn script_messages_are_single_line_patterns() {
        for lang in Lang::ALL {
            let json: BTreeMap<String, String> =
                serde_json::from_str(&script_messages(lang)).expect("json");
            assert!(!json.is_empty());
            for (k, v) in json {
                assert!(
                    !v.is_empty(),
                    "{k} is empty or multi-line in {}",
                    lang.code()
                );
                assert!(!v.contains("->"), "{k}: scripts get no selectors");
            }
        }
    }

    #[test]
    fn every_age_rating_and_seat_type_has_words() {
        use crate::catalog::AgeRating;
        for lang in Lang::ALL {
            for r in [
                AgeRating::P,
                AgeRating::K,
                AgeRating::T13,
                AgeRating::T16,
                AgeRating::T18,
                AgeRating::C,
            ] {
                let key = format!("rating-{}", r.as_str());
                assert_ne!(text(lang, &key, &[]), key);
            }
            for t in ["STANDARD", "VIP", "COUPLE", "PREMIUM", "WHEELCHAIR"] {
                let key = format!("seat-{t}");
                assert_ne!(text(lang, &key, &[]), key);
            }
        }
        assert!(text(Lang::Vi, "rating-T16", &[]).contains("16 tuổi"));
    }

    #[test]
    fn codes_parse() {
        assert_eq!(Lang::parse("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::parse("en_US"), Some(Lang::En));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn plurals_follow_the_language() {
        let one = text(Lang::En, "seats-left", &[("n", Arg::Num(1))]);
        let many = text(Lang::En, "seats-left", &[("n", Arg::Num(5))]);
        assert_eq!(one, "1 seat left");
        assert_eq!(many, "5 seats left");
        assert_eq!(
            text(Lang::Vi, "seats-left", &[("n", Arg::Num(5))]),
            "Còn 5 ghế"
        );
    }
}
