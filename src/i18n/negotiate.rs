//! Which language a request gets: the `lang` cookie (the visitor's switch), else the best
//! `Accept-Language` entry we speak, else the site's setting.

use super::Lang;

/// The cookie the language switch sets.
pub const COOKIE: &str = "lang";

/// The language for a request with these headers' values.
pub fn choose(cookie_header: Option<&str>, accept_language: Option<&str>, site: Lang) -> Lang {
    from_cookie(cookie_header)
        .or_else(|| accept_language.and_then(from_accept_language))
        .unwrap_or(site)
}

fn from_cookie(header: Option<&str>) -> Option<Lang> {
    header?.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == COOKIE).then(|| Lang::parse(value)).flatten()
    })
}

/// `en-US,en;q=0.9,vi;q=0.8` → the highest-weighted language we speak (`q=0` means "not").
fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, usize, Lang)> = None;
    for (i, item) in header.split(',').enumerate().take(32) {
        let mut parts = item.split(';');
        let Some(lang) = parts.next().and_then(Lang::parse) else {
            continue;
        };
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map(|v| v.trim().parse::<f32>().unwrap_or(0.0))
            .unwrap_or(1.0);
        if q <= 0.0 {
            continue;
        }
        // Higher q wins; on a tie the earlier entry does.
        if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
            best = Some((q, i, lang));
        }
    }
    best.map(|(_, _, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_wins_over_the_browser_which_wins_over_the_site() {
        assert_eq!(choose(Some("lang=en"), Some("vi"), Lang::Vi), Lang::En);
        assert_eq!(choose(Some("a=1; lang=vi"), Some("en"), Lang::En), Lang::Vi);
        assert_eq!(choose(None, Some("en-US,en;q=0.9"), Lang::Vi), Lang::En);
        assert_eq!(choose(None, None, Lang::Vi), Lang::Vi);
        assert_eq!(choose(None, None, Lang::En), Lang::En);
    }

    #[test]
    fn accept_language_weights_and_unknown_languages() {
        assert_eq!(
            choose(None, Some("fr,en;q=0.5,vi;q=0.8"), Lang::En),
            Lang::Vi
        );
        assert_eq!(choose(None, Some("fr, de"), Lang::Vi), Lang::Vi);
        assert_eq!(choose(None, Some("en;q=0, vi;q=0.1"), Lang::En), Lang::Vi);
        assert_eq!(choose(None, Some("en;q=zz"), Lang::Vi), Lang::Vi);
        assert_eq!(choose(Some("lang=xx"), Some("en"), Lang::Vi), Lang::En);
    }
}
