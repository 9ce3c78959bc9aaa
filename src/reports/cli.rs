//! `moviehub report revenue --from --to --by day --format csv|table`: the figures of a data
//! dir from the command line (head office's chain figures on a central data dir).

use super::csv::{csv, By};
use super::{Figures, Range};
use clap::{Args, Subcommand, ValueEnum};
use std::process::ExitCode;

/// `moviehub report …`
#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Sales, refunds and admissions of a date range, by day, film, tender, showtime or site.
    Revenue(RevenueArgs),
}

/// How to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// CSV (UTF-8 with a BOM, for Excel).
    Csv,
    /// The whole figures as JSON.
    Json,
}

/// `report revenue` flags.
#[derive(Args, Debug)]
pub struct RevenueArgs {
    /// First day, YYYY-MM-DD (default: 29 days before --to).
    #[arg(long)]
    pub from: Option<chrono::NaiveDate>,
    /// Last day, YYYY-MM-DD, inclusive (default: today in `cinema.timezone`).
    #[arg(long)]
    pub to: Option<chrono::NaiveDate>,
    /// Which breakdown.
    #[arg(long, value_enum, default_value_t = By::Day)]
    pub by: By,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The range of the flags.
pub fn range(
    a: &RevenueArgs,
    tz: chrono_tz::Tz,
    today: chrono::NaiveDate,
) -> Result<Range, String> {
    let to = a.to.unwrap_or(today);
    let from = a.from.unwrap_or(to - chrono::Duration::days(29));
    if from > to {
        return Err("--from must not be after --to".into());
    }
    Ok(Range::new(from, to, tz))
}

/// Print `f` as asked.
pub fn print(f: &Figures, a: &RevenueArgs) -> Result<ExitCode, String> {
    match a.format {
        Format::Csv => print!("{}", csv(f, a.by)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(f).map_err(|e| e.to_string())?
        ),
        Format::Table => {
            println!(
                "{:<40} {:>9} {:>10} {:>14} {:>14}",
                a.by.as_str(),
                "bookings",
                "admissions",
                "revenue VND",
                "refunds VND"
            );
            for l in a.by.lines(f) {
                let label: String = l.label.chars().take(40).collect();
                println!(
                    "{label:<40} {:>9} {:>10} {:>14} {:>14}",
                    l.bookings, l.admissions, l.revenue, l.refunds
                );
            }
            let t = &f.totals;
            println!(
                "{:<40} {:>9} {:>10} {:>14} {:>14}",
                format!("total {} – {}", f.from, f.to),
                t.bookings,
                t.admissions,
                t.revenue,
                t.refunds
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
