//! Remediation output: generated .reg clean-up files and Markdown reports.
