//! Arbitrary bytes never panic the importer, in any of its forms.

use proptest::prelude::*;

fn run(name: &str, bytes: &[u8]) {
    let ex = kbwiz_import::extract(name, bytes);
    let _ = kbwiz_import::draft::draft(&ex, name);
    let _ = serde_json::to_string(&ex);
}

const PAGE: &[u8] = b"---\ntitle: \"Q1: t\"\n---\n## Q100001: t\n{% raw %}\n\tArticle: Q100001\n\tSYMPTOMS\n\t========\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        run("x.txt", &bytes);
        run("x.md", &bytes);
        let mut page = PAGE.to_vec();
        page.extend_from_slice(&bytes);
        run("x.txt", &page);
    }

    /// Lines built from the layouts' own pieces reach the deeper paths.
    #[test]
    fn layout_pieces_never_panic(parts in proptest::collection::vec(prop_oneof![
        Just("Message ID: 2328 - x <package ID> y\n".to_string()),
        Just("ID=3400: a %1\n".to_string()),
        Just("  HKEY_LOCAL_MACHINE\\SOFTWARE\\X\\Retry\n".to_string()),
        Just("  History\\<package ID>\n".to_string()),
        Just("Value Name: A\nData Type: REG_DWORD\nValue: 1\n".to_string()),
        Just("  Date  Time  Version  Size  File name  Platform\n".to_string()),
        Just("  1-Mar-2001  17:25  2.00.1493.3253  811,792  Baseutil.dll  Alpha\n".to_string()),
        Just("  08/26/99 5:03pm 2.0.1.1 99999999999999999999999 a.dll x86\n".to_string()),
        Just("~text  $$<SMS_X><date><thread=1 (0x1)>\n".to_string()),
        Just("> STATMSG: ID=1 SEV=E COMP=\"C\" C 01.01.2024 00:00:00 1 (0x1)\n".to_string()),
        Just("| 2300 | text |\n|  | more |\n".to_string()),
        Just("SYMPTOMS\n========\n".to_string()),
        Just("Sub\n---\n".to_string()),
        Just("  Q123456 Title\n".to_string()),
        Just("\n".to_string()),
        Just("`HKLM\\X`\n".to_string()),
        Just("```\n".to_string()),
        "[ -~]{0,40}\n",
    ], 0..40)) {
        let text: String = parts.concat();
        run("x.txt", text.as_bytes());
        run("x.md", text.as_bytes());
    }
}
