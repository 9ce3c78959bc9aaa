//! The manager's day pages in Chromium.
