//! The library as an admin without evidence meets it: one library per
//! product, and "What do you see?", each symptom with the articles that
//! cause it (`kb::catalog`).

use kbwiz_engine::kb::catalog::{examples, libraries, symptoms, Examples, Symptom};
use kbwiz_engine::kb::load::{read_folder, Folder};
use kbwiz_engine::kb::Kb;
use std::path::Path;

const SMS: &str = "Microsoft Systems Management Server";

fn built_in() -> Kb {
    Kb::load_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../kb"))).expect("kb/ loads")
}

fn sms_symptom<'a>(all: &'a [Symptom], text: &str) -> &'a Symptom {
    all.iter()
        .find(|s| s.product == SMS && s.text == text)
        .unwrap_or_else(|| panic!("no SMS symptom {text:?}"))
}

#[test]
fn shared_symptoms_lead_to_every_article_that_causes_them() {
    let all = symptoms(&built_in());
    assert_eq!(
        sms_symptom(&all, "Schedule.box fills up with job files").articles,
        ["Q266195", "Q276259", "Q319207", "Q320638"]
    );
    assert_eq!(
        sms_symptom(&all, "Packages never reach the child sites").articles,
        ["Q245579", "Q266195", "Q267977", "Q316316", "Q319207"]
    );
    assert_eq!(
        sms_symptom(&all, "Sender or Scheduler keeps trying a removed site").articles,
        ["Q212937", "Q215130", "Q264171", "Q276259"]
    );
    assert_eq!(
        sms_symptom(&all, "Collections do not update").articles,
        ["Q324204"]
    );
    // Every SMS article is reachable from some symptom.
    let kb = built_in();
    let sms = libraries(&kb)
        .into_iter()
        .find(|l| l.product == SMS)
        .expect("the SMS library");
    for id in &sms.articles {
        assert!(
            all.iter().any(|s| s.articles.contains(id)),
            "{id} is under no symptom"
        );
    }
    // Within a product, the symptoms most articles share come first.
    let counts: Vec<usize> = all
        .iter()
        .filter(|s| s.product == SMS)
        .map(|s| s.articles.len())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert_eq!(counts[0], 5);
}

#[test]
fn the_sms_library_names_its_product_and_versions() {
    let kb = built_in();
    let libs = libraries(&kb);
    let sms = libs.iter().find(|l| l.product == SMS).expect("SMS");
    assert_eq!(sms.articles.len(), 22);
    assert_eq!(sms.articles[0], "Q207416");
    assert_eq!(
        sms.versions,
        ["1.2", "2.0", "2.0 SP1", "2.0 SP2", "2.0 SP3", "2.0 SP4"]
    );
    // One library per product, each article in exactly one.
    let total: usize = libs.iter().map(|l| l.articles.len()).sum();
    assert_eq!(total, kb.articles().len());
}

/// The test article, copied under `id` with `sees` as its symptoms.
fn copy_of_test_article(id: &str, sees: &[&str]) -> Folder {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/kb/good/TEST0001"
    ));
    let mut files = read_folder(dir).expect("TEST0001 reads");
    for (name, text) in &mut files {
        if name == "article.json" {
            let mut meta: serde_json::Value = serde_json::from_str(text).expect("json");
            meta["id"] = id.into();
            meta["admin_sees"] = sees.iter().map(|s| serde_json::Value::from(*s)).collect();
            *text = meta.to_string();
        }
    }
    (id.to_string(), files)
}

#[test]
fn symptoms_worded_alike_meet_whatever_their_case_and_spacing() {
    let (kb, rejected) = Kb::default().with_articles(&[
        copy_of_test_article("TEST0001", &["Jobs pile up", "Console is slow"]),
        copy_of_test_article("TEST0002", &["jobs  PILE up "]),
    ]);
    assert!(rejected.is_empty(), "{rejected:?}");
    let all = symptoms(&kb);
    assert_eq!(
        all,
        [
            Symptom {
                product: "Test Product".into(),
                text: "Jobs pile up".into(),
                articles: vec!["TEST0001".into(), "TEST0002".into()],
            },
            Symptom {
                product: "Test Product".into(),
                text: "Console is slow".into(),
                articles: vec!["TEST0001".into()],
            },
        ]
    );
    let libs = libraries(&kb);
    assert_eq!(libs.len(), 1);
    assert_eq!(libs[0].versions, ["1.0"]);
}

#[test]
fn a_blank_symptom_is_a_validation_error_with_its_path() {
    let (_, rejected) =
        Kb::default().with_articles(&[copy_of_test_article("TEST0003", &["ok", " "])]);
    let text: Vec<String> = rejected.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(text[0].contains("admin_sees[1]"), "{}", text[0]);
}

/// The start page's examples of what to paste and search for, drawn from
/// the built-in articles; each one the search finds an article by.
#[test]
fn the_start_pages_examples_come_from_the_articles() {
    let kb = built_in();
    let found = examples(&kb);
    assert_eq!(
        found,
        Examples {
            messages: vec![2375, 2399, 3400],
            components: vec![
                "SMS_DISTRIBUTION_MANAGER".to_string(),
                "SMS_PACKAGE_TRANSFER_MANAGER".to_string(),
                "SMSDPProv".to_string()
            ],
            // The other key, Q235184's, is named SMS_DISTRIBUTION_MANAGER:
            // a component already.
            keys: vec!["Retry History".to_string()],
            files: vec![
                "Distmgr.dll".to_string(),
                "Baseutil.dll".to_string(),
                "Basesvr.dll".to_string()
            ],
        }
    );
    let searched = found
        .messages
        .iter()
        .map(ToString::to_string)
        .chain(found.keys.iter().cloned())
        .chain(found.files.iter().cloned());
    for query in searched {
        assert!(
            !kbwiz_engine::kb::search::search(&kb, &query).is_empty(),
            "{query} finds no article"
        );
    }
}
