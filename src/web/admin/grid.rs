//! A hall drawn on its own layout, server-side: the layout editor's preview (from a plan),
//! the hall page (its seats, each a link to change its status) and the heat map (each seat
//! shaded by how early it sells). CSS grid places each seat at its row and column, so aisle
//! gaps and couple pairs come out as in the hall.

use crate::cinemas::layout::Plan;
use crate::cinemas::Seat;

/// One seat as drawn.
pub struct Cell {
    /// "E7".
    pub label: String,
    /// CSS grid row (1 = the front row).
    pub row: u32,
    /// CSS grid column (1 = row letters; seats from 2).
    pub col: u32,
    /// Classes beyond `seat`: type, status, couple half, heat level.
    pub class: String,
    /// What the seat is, in words (its tooltip and accessible name).
    pub title: String,
    /// Where a click goes (the hall page), if anywhere.
    pub href: Option<String>,
    /// The seat is the one chosen (`aria-current`).
    pub current: bool,
}

/// A drawn hall.
pub struct Grid {
    /// (row letter, CSS grid row).
    pub rows: Vec<(String, u32)>,
    pub cells: Vec<Cell>,
    /// Grid columns including the row letters' column.
    pub columns: u32,
    /// "Màn hình".
    pub screen: String,
}

impl Grid {
    /// `grid-template-columns` for the inline style.
    pub fn template(&self) -> String {
        format!("repeat({}, var(--cell))", self.columns)
    }
}

fn seat_words(label: &str, seat_type: &str) -> String {
    format!("{label} · {}", super::tr(&format!("seat-{seat_type}")))
}

/// The preview of a layout not saved yet.
pub fn of_plan(plan: &Plan) -> Grid {
    let mut rows: Vec<(String, u32)> = Vec::new();
    let cells = plan
        .seats
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if rows.last().map(|r| &r.0) != Some(&s.row) {
                rows.push((s.row.clone(), s.row_index + 1));
            }
            let label = format!("{}{}", s.row, s.number);
            let half = match s.pair {
                Some(p) if p > i => " couple-left",
                Some(_) => " couple-right",
                None => "",
            };
            Cell {
                title: seat_words(&label, s.seat_type.as_str()),
                class: format!("type-{}{half}", s.seat_type.as_str()),
                row: s.row_index + 1,
                col: s.column + 2,
                label,
                href: None,
                current: false,
            }
        })
        .collect();
    Grid {
        rows,
        cells,
        columns: plan.grid_columns + 1,
        screen: super::tr("seatmap-screen"),
    }
}

/// A saved hall's seats; `extra` gives each seat more classes, words and a link.
pub fn of_seats(
    seats: &[Seat],
    mut extra: impl FnMut(&Seat) -> (String, String, Option<String>, bool),
) -> Grid {
    let mut rows: Vec<(String, u32)> = Vec::new();
    let mut columns = 0;
    let cells = seats
        .iter()
        .map(|s| {
            if rows.last().map(|r| &r.0) != Some(&s.row) {
                rows.push((s.row.clone(), s.row_index + 1));
            }
            columns = columns.max(s.column + 2);
            let half = match &s.couple_with {
                Some(other) if seats.iter().any(|x| &x.id == other && x.number > s.number) => {
                    " couple-left"
                }
                Some(_) => " couple-right",
                None => "",
            };
            let (class, words, href, current) = extra(s);
            let base = seat_words(&s.label(), s.seat_type.as_str());
            Cell {
                label: s.label(),
                row: s.row_index + 1,
                col: s.column + 2,
                class: format!("type-{}{half} {class}", s.seat_type.as_str()),
                title: if words.is_empty() {
                    base
                } else {
                    format!("{base} · {words}")
                },
                href,
                current,
            }
        })
        .collect();
    Grid {
        rows,
        cells,
        columns,
        screen: super::tr("seatmap-screen"),
    }
}
