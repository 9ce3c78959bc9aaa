//! The day close, the Z-report, till movements and refund approvals at the kiosk, as pages.
