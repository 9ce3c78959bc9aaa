//! CSV of a breakdown: UTF-8 with a byte-order mark, so Excel opens Vietnamese names as they
//! are; fields quoted when they hold a comma, a quote or a line break.

use super::figures::{Figures, Line};

/// Which breakdown.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, clap::ValueEnum, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// Per day.
    Day,
    /// Per film.
    Film,
    /// Per tender.
    Tender,
    /// Per showtime.
    Showtime,
    /// Per hall.
    Hall,
    /// Per channel.
    Channel,
    /// Per site.
    Site,
}

impl By {
    /// The lines of `f` this breakdown shows.
    pub fn lines(self, f: &Figures) -> &[Line] {
        match self {
            By::Day => &f.by_day,
            By::Film => &f.by_film,
            By::Tender => &f.by_tender,
            By::Showtime => &f.by_showtime,
            By::Hall => &f.by_hall,
            By::Channel => &f.by_channel,
            By::Site => &f.by_site,
        }
    }

    /// Its name in file names and headers.
    pub fn as_str(self) -> &'static str {
        match self {
            By::Day => "day",
            By::Film => "film",
            By::Tender => "tender",
            By::Showtime => "showtime",
            By::Hall => "hall",
            By::Channel => "channel",
            By::Site => "site",
        }
    }
}

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The breakdown `by` of `f` as CSV (with the BOM), a total line last.
pub fn csv(f: &Figures, by: By) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&format!(
        "{},label,paid_bookings,admissions,revenue_vnd,refunds_vnd\r\n",
        by.as_str()
    ));
    for l in by.lines(f) {
        out.push_str(&format!(
            "{},{},{},{},{},{}\r\n",
            field(&l.key),
            field(&l.label),
            l.bookings,
            l.admissions,
            l.revenue,
            l.refunds
        ));
    }
    let t = &f.totals;
    out.push_str(&format!(
        "total,{} – {},{},{},{},{}\r\n",
        f.from, f.to, t.bookings, t.admissions, t.revenue, t.refunds
    ));
    out
}

/// Concessions sold as CSV (with the BOM), a total line last.
pub fn concessions_csv(items: &[super::store::ItemSold]) -> String {
    let mut out = String::from("\u{feff}item_id,name,qty,free_qty,revenue_vnd\r\n");
    for i in items {
        out.push_str(&format!(
            "{},{},{},{},{}\r\n",
            field(&i.item_id),
            field(&i.name),
            i.qty,
            i.free_qty,
            i.revenue
        ));
    }
    out.push_str(&format!(
        "total,,{},{},{}\r\n",
        items.iter().map(|i| i.qty).sum::<i64>(),
        items.iter().map(|i| i.free_qty).sum::<i64>(),
        items.iter().map(|i| i.revenue).sum::<i64>()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_bom_quotes_what_needs_it_and_ends_with_the_total() {
        let f = Figures {
            from: "2026-11-01".into(),
            to: "2026-11-30".into(),
            by_film: vec![Line {
                key: "Đào, Phở và Piano".into(),
                label: "Đào, Phở và Piano".into(),
                bookings: 2,
                admissions: 3,
                revenue: 270_000,
                refunds: 0,
            }],
            ..Figures::default()
        }
        .with_totals();
        let text = csv(&f, By::Film);
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            lines[0],
            "film,label,paid_bookings,admissions,revenue_vnd,refunds_vnd"
        );
        assert_eq!(
            lines[1],
            "\"Đào, Phở và Piano\",\"Đào, Phở và Piano\",2,3,270000,0"
        );
        assert!(
            lines[2].starts_with("total,2026-11-01 – 2026-11-30,"),
            "{}",
            lines[2]
        );
    }
}
