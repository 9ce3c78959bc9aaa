//! Bar charts drawn by the server as inline SVG (no chart library, no script): revenue by
//! day as columns, the most watched films as horizontal bars. Each bar carries its figure in
//! words (`<title>`), and the tables beside the charts hold the same numbers.

/// One bar, positioned in the chart's own coordinates.
pub struct Bar {
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    /// Under (columns) or before (rows) the bar.
    pub label: String,
    pub label_x: String,
    pub label_y: String,
    /// The figure, printed at the bar's end.
    pub value: String,
    pub value_x: String,
    pub value_y: String,
    /// "label: value", the bar's tooltip and accessible text.
    pub title: String,
}

/// A chart ready for `templates/_chart.html`.
pub struct Chart {
    pub id: &'static str,
    pub title: String,
    pub width: u32,
    pub height: u32,
    /// Columns (`false`) or rows (`true`).
    pub horizontal: bool,
    pub bars: Vec<Bar>,
}

fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// One column per item: (label, value, value in words).
pub fn columns(id: &'static str, title: String, items: &[(String, i64, String)]) -> Chart {
    let (width, height, top, bottom) = (760.0, 260.0, 24.0, 40.0);
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1) as f64;
    let slot = width / items.len().max(1) as f64;
    let bw = (slot * 0.7).min(60.0);
    // Label every k-th column so labels never overlap (about 40 px each).
    let every = ((40.0 / slot).ceil() as usize).max(1);
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (label, value, words))| {
            let h = (height - top - bottom) * (*value).max(0) as f64 / max;
            let x = slot * i as f64 + (slot - bw) / 2.0;
            let y = height - bottom - h;
            let shown = i % every == 0;
            Bar {
                x: n(x),
                y: n(y),
                w: n(bw),
                h: n(h),
                label: if shown { label.clone() } else { String::new() },
                label_x: n(x + bw / 2.0),
                label_y: n(height - bottom + 16.0),
                value: if shown { words.clone() } else { String::new() },
                value_x: n(x + bw / 2.0),
                value_y: n(y - 6.0),
                title: format!("{label}: {words}"),
            }
        })
        .collect();
    Chart {
        id,
        title,
        width: width as u32,
        height: height as u32,
        horizontal: false,
        bars,
    }
}

/// One horizontal bar per item, largest first as given.
pub fn rows(id: &'static str, title: String, items: &[(String, i64, String)]) -> Chart {
    let (width, label_w, row_h) = (760.0, 260.0, 28.0);
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1) as f64;
    let span = width - label_w - 80.0;
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (label, value, words))| {
            let w = span * (*value).max(0) as f64 / max;
            let y = row_h * i as f64 + 4.0;
            Bar {
                x: n(label_w),
                y: n(y),
                w: n(w),
                h: n(row_h - 8.0),
                label: label.clone(),
                label_x: n(label_w - 8.0),
                label_y: n(y + row_h / 2.0),
                value: words.clone(),
                value_x: n(label_w + w + 6.0),
                value_y: n(y + row_h / 2.0),
                title: format!("{label}: {words}"),
            }
        })
        .collect();
    Chart {
        id,
        title,
        width: width as u32,
        height: (row_h * items.len().max(1) as f64 + 8.0) as u32,
        horizontal: true,
        bars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_value_fills_the_plot_and_the_others_scale_with_it() {
        let c = columns(
            "c",
            "t".into(),
            &[
                ("a".into(), 100, "100".into()),
                ("b".into(), 50, "50".into()),
            ],
        );
        let h: Vec<f64> = c
            .bars
            .iter()
            .map(|b| b.h.parse().expect("number"))
            .collect();
        assert!((h[0] - 196.0).abs() < 0.1, "{h:?}");
        assert!((h[1] - 98.0).abs() < 0.1, "{h:?}");
        let r = rows(
            "r",
            "t".into(),
            &[("x".into(), 10, "10".into()), ("y".into(), 0, "0".into())],
        );
        assert_eq!(r.bars[1].w, "0.0");
        assert!(r.bars[0].w.parse::<f64>().expect("number") > 400.0);
    }

    #[test]
    fn no_items_draw_an_empty_chart_without_dividing_by_zero() {
        assert!(columns("c", "t".into(), &[]).bars.is_empty());
        assert_eq!(rows("r", "t".into(), &[]).height, 36);
    }
}
