//! Values found by their shape in any line, fact or not: UNC paths
//! (`\\server\share\folder`), IPv4 addresses and `DOMAIN\user` accounts.
//! Each finder returns the pieces of the line it recognised.

/// Characters that end a UNC path in running text.
/// `]` too: ConfigMgr writes distribution points as NAL paths
/// (`["Display=\\DP02\"]MSWNET:["SMS_SITE=P01"]\\DP02\`) and CMTrace
/// closes each message with `]LOG]!>`, both right after a path.
fn ends_path(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | ',' | ';' | '<' | '>' | '|' | '(' | ')' | '=' | ']'
        )
}

/// The UNC paths of `line`: `\\` followed by a host, up to white space,
/// a quote or punctuation that cannot be in a path; a trailing `.` (the end
/// of a sentence) is left out.
pub fn unc_paths(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = line[from..].find("\\\\").map(|i| i + from) {
        let start = at;
        let mut end = at + 2;
        for (i, c) in line[at + 2..].char_indices() {
            if ends_path(c) {
                break;
            }
            end = at + 2 + i + c.len_utf8();
        }
        let path = line[start..end].trim_end_matches('.');
        let host_len = path[2..].find('\\').unwrap_or(path.len() - 2);
        if host_len > 0 && !line[..start].ends_with('\\') {
            out.push(path);
        }
        from = end.max(at + 2);
    }
    out
}

/// The dotted-quad IPv4 addresses of `line`: four numbers of at most three
/// digits, none over 255, with no digit or dot against either end (so a
/// version such as `2.00.1493.3257` or `1.2.3.4.5` is not one).
pub fn ipv4s(line: &str) -> Vec<&str> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'))
        {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut parts = 0;
        let mut ok = true;
        loop {
            let start = j;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            let digits = &line[start..j];
            if digits.is_empty()
                || digits.len() > 3
                || digits.parse::<u16>().map_or(true, |n| n > 255)
            {
                ok = false;
                break;
            }
            parts += 1;
            if parts == 4 {
                break;
            }
            if j < bytes.len() && bytes[j] == b'.' {
                j += 1;
            } else {
                ok = false;
                break;
            }
        }
        let clean_end = j >= bytes.len()
            || !(bytes[j].is_ascii_alphanumeric()
                || (bytes[j] == b'.' && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)));
        if ok && clean_end {
            out.push(&line[i..j]);
            i = j;
        } else {
            i = j.max(i + 1);
        }
    }
    out
}

/// The `DOMAIN\user` accounts of `line`: a whole token (between white space,
/// quotes, `=`, `(`, `)` or `,`) made of a NetBIOS-style domain (a letter,
/// then letters, digits or `-`, at most 15) and a user name (letters,
/// digits, `.`, `_`, `$`, `-`) with exactly one `\` between them.
pub fn domain_users(line: &str) -> Vec<(&str, &str)> {
    line.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '=' | '(' | ')' | ','))
        .filter_map(|token| {
            let token = token.trim_end_matches(['.', ':', ';']);
            let (domain, user) = token.split_once('\\')?;
            let domain_ok = (1..=15).contains(&domain.len())
                && domain.starts_with(|c: char| c.is_ascii_alphabetic())
                && domain
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-');
            let user_ok = (1..=64).contains(&user.len())
                && user.starts_with(|c: char| c.is_ascii_alphanumeric())
                && user
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '$' | '-'));
            (domain_ok && user_ok).then_some((domain, user))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unc_paths_stop_at_white_space_quotes_and_a_final_dot() {
        assert_eq!(
            unc_paths(r#"copy from \\SRC01\Packages\Office2000 to "\\DP01\SMSPKGC$\CEN00012\"."#),
            [r"\\SRC01\Packages\Office2000", r"\\DP01\SMSPKGC$\CEN00012\"]
        );
        assert_eq!(unc_paths(r"\\DP01."), [r"\\DP01"]);
        assert!(unc_paths(r"a \\ b").is_empty()); // A NAL path and CMTrace's closing bracket end it too.
        assert_eq!(
            unc_paths(r#"["SMS_SITE=P01"]\\DP02.CONTOSO.COM\~]LOG]!><time="#),
            [r"\\DP02.CONTOSO.COM\~"]
        );
    }

    #[test]
    fn ipv4_needs_four_small_numbers_and_clean_ends() {
        assert_eq!(
            ipv4s("from 10.1.2.3, to 192.168.0.254."),
            ["10.1.2.3", "192.168.0.254"]
        );
        assert!(ipv4s("version 2.00.1493.3257").is_empty());
        assert!(ipv4s("1.2.3.4.5 and 256.1.1.1 and v1.2.3.4").is_empty());
    }

    #[test]
    fn domain_users_are_whole_tokens_with_one_backslash() {
        assert_eq!(
            domain_users(r"Account CONTOSO\smsadmin failed; path D:\SMS\inboxes"),
            [("CONTOSO", "smsadmin")]
        );
        assert!(domain_users(r"HKLM\SOFTWARE\Microsoft \\srv\share").is_empty());
    }
}
