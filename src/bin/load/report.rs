//! Measurements and how they are printed: a table, or JSON with `--json`.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;

/// One scenario's results.
pub struct Sample {
    pub name: &'static str,
    pub latencies: Vec<Duration>,
    pub elapsed: Duration,
    /// Refusals by code.
    pub refusals: BTreeMap<String, usize>,
    pub note: String,
    /// Sales confirmed (the bookings scenario).
    pub confirmed: usize,
    /// What the server spent (`--server-pid`).
    pub server: Option<String>,
}

impl Sample {
    pub fn new(name: &'static str) -> Sample {
        Sample {
            name,
            latencies: Vec::new(),
            elapsed: Duration::ZERO,
            refusals: BTreeMap::new(),
            note: String::new(),
            confirmed: 0,
            server: None,
        }
    }

    fn ms(d: Duration) -> f64 {
        (d.as_secs_f64() * 1_000_000.0).round() / 1000.0
    }

    /// p-th percentile (nearest rank) in ms.
    fn percentile(sorted: &[Duration], p: f64) -> f64 {
        if sorted.is_empty() {
            return 0.0;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        Self::ms(sorted[rank.clamp(1, sorted.len()) - 1])
    }

    /// The summary as JSON.
    pub fn summary(&self) -> Value {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let secs = self.elapsed.as_secs_f64();
        let throughput = if secs > 0.0 {
            (sorted.len() as f64 / secs * 10.0).round() / 10.0
        } else {
            0.0
        };
        json!({
            "scenario": self.name,
            "samples": sorted.len(),
            "elapsed_s": (secs * 1000.0).round() / 1000.0,
            "throughput_per_s": throughput,
            "p50_ms": Self::percentile(&sorted, 50.0),
            "p90_ms": Self::percentile(&sorted, 90.0),
            "p99_ms": Self::percentile(&sorted, 99.0),
            "max_ms": sorted.last().map_or(0.0, |d| Self::ms(*d)),
            "refusals": self.refusals,
            "note": self.note,
            "server": self.server,
        })
    }

    /// The summary as a table.
    pub fn table(&self) -> String {
        let s = self.summary();
        let mut out = format!(
            "{}\n{:>9} {:>10} {:>12} {:>9} {:>9} {:>9} {:>9}\n",
            self.name, "samples", "elapsed s", "per second", "p50 ms", "p90 ms", "p99 ms", "max ms"
        );
        out.push_str(&format!(
            "{:>9} {:>10} {:>12} {:>9} {:>9} {:>9} {:>9}\n",
            s["samples"],
            s["elapsed_s"],
            s["throughput_per_s"],
            s["p50_ms"],
            s["p90_ms"],
            s["p99_ms"],
            s["max_ms"]
        ));
        let total: usize = self.refusals.values().sum();
        out.push_str(&format!("refusals: {total}"));
        for (code, n) in &self.refusals {
            out.push_str(&format!("  {code}={n}"));
        }
        out.push('\n');
        if !self.note.is_empty() {
            out.push_str(&self.note);
            out.push('\n');
        }
        if let Some(server) = &self.server {
            out.push_str(server);
            out.push('\n');
        }
        out
    }
}
