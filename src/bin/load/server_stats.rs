//! What the server spent during a scenario, read from `/proc/<pid>` (`--server-pid`): CPU
//! seconds (user + system) and resident memory before and after.

use std::time::Duration;

/// Clock ticks per second of `/proc/<pid>/stat` (`sysconf(_SC_CLK_TCK)`, 100 on Linux).
const TICKS_PER_SEC: f64 = 100.0;

/// One reading of the server process.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// User + system CPU time.
    pub cpu: Duration,
    /// Resident set size, KiB.
    pub rss_kib: u64,
}

/// Read the server's CPU time and RSS; an explanation when the process cannot be read.
pub fn read(pid: u32) -> Result<Reading, String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map_err(|e| format!("--server-pid {pid}: cannot read /proc/{pid}/stat: {e}"))?;
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    let after = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .ok_or_else(|| format!("/proc/{pid}/stat: unexpected format"))?;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let cpu = Duration::from_secs_f64((ticks(11) + ticks(12)) as f64 / TICKS_PER_SEC);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("--server-pid {pid}: cannot read /proc/{pid}/status: {e}"))?;
    let rss_kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    Ok(Reading { cpu, rss_kib })
}

/// The line the report prints: CPU used, per sample, and RSS before → after.
pub fn describe(before: Reading, after: Reading, samples: usize, per: &str) -> String {
    let cpu = after.cpu.saturating_sub(before.cpu).as_secs_f64();
    let per_sample = if samples > 0 {
        cpu * 1000.0 / samples as f64
    } else {
        0.0
    };
    format!(
        "server: {cpu:.2} CPU s ({per_sample:.3} ms per {per}), RSS {:.1} → {:.1} MB",
        before.rss_kib as f64 / 1024.0,
        after.rss_kib as f64 / 1024.0
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_this_process() {
        let r = super::read(std::process::id()).expect("self");
        assert!(r.rss_kib > 0);
    }
}
