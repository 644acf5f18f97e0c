//! End-to-end tests of the `isnad` binary on the bundled examples and on
//! malformed inputs: exit codes, summaries, the isnad/1 export, offsets.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn isnad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_isnad"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out: Output = cmd.output().expect("isnad runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn analyze_examples(dir: &Path) -> (i32, String, Value) {
    let db = dir.join("isnad.db");
    let json = dir.join("out.json");
    let (code, _, err) = run(isnad()
        .current_dir(repo())
        .args(["analyze", "examples/", "--db"])
        .arg(&db)
        .arg("--json")
        .arg(&json));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (code, err, v)
}

fn doc_by_path<'a>(v: &'a Value, suffix: &str) -> &'a Value {
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            let mut at = d["path"].as_str().unwrap().to_string();
            if let Some(l) = d["locator"].as_str() {
                at = format!("{at}#{l}");
            }
            at.ends_with(suffix)
        })
        .unwrap_or_else(|| panic!("no document from {suffix}"))
}

#[test]
fn examples_analyze_to_a_valid_isnad1_export() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err, v) = analyze_examples(dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("11 documents stored"), "{err}");
    // The WARC request record is reported, not silently dropped.
    assert!(err.contains("skipped: request record"), "{err}");

    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("docs/isnad-1.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");

    // Encodings: windows-1256 and UTF-16 read as Arabic.
    let mashriq = doc_by_path(&v, "erdogan-putin-1256.txt");
    assert_eq!(mashriq["encoding"], "windows-1256");
    assert!(mashriq["text"].as_str().unwrap().contains("أردوغان"));
    let khaleej = doc_by_path(&v, "statement-utf16.txt");
    assert_eq!(khaleej["encoding"], "UTF-16LE");
    assert!(khaleej["text"]
        .as_str()
        .unwrap()
        .contains("نفت وزارة الخارجية"));

    // The wire story carried by three outlets is one copy group.
    let wire = doc_by_path(&v, "feed.jsonl#line 1");
    let sahil = doc_by_path(&v, "2026-03-10-erdogan-putin-call.txt");
    let groups: Vec<&Value> = [wire, sahil, mashriq]
        .iter()
        .map(|d| {
            if d["copy_of"].is_null() {
                &d["id"]
            } else {
                &d["copy_of"]
            }
        })
        .collect();
    assert!(groups.iter().all(|g| *g == groups[0]), "{groups:?}");
    // A plain-text page whose first line is chrome still gets its headline.
    assert_eq!(sahil["title"], "أردوغان وبوتين يبحثان هاتفياً ملف الحبوب");
    // The undated wire copy takes its date from the story it copies.
    assert_eq!(mashriq["published"]["value"], "2026-03-10");
    assert_eq!(mashriq["published"]["how"], "inferred-from-other-doc");
    // Relative dates resolve against the publication date.
    let yesterday = v["timexes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["doc"] == mashriq["id"] && t["text"] == "أمس الاثنين")
        .expect("timex in the copy");
    assert_eq!(yesterday["value"], "2026-03-09");
    // Events: the phone call with both presidents and its resolved date, and
    // the meeting the ministry denies.
    let events = v["events"].as_array().unwrap();
    let call = events
        .iter()
        .find(|e| {
            e["subtype"] == "call"
                && e["mentions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| m["doc"] == wire["id"])
        })
        .expect("the phone call");
    assert_eq!(call["type"], "CONSULT");
    // Fusion: the wire story and its two syndicated copies are one event
    // with three mentions but one independent source.
    let cited: Vec<&Value> = call["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["doc"])
        .collect();
    assert!(cited.contains(&&mashriq["id"]), "{call}");
    assert!(cited.len() >= 3, "{call}");
    assert_eq!(call["source_count"], 1, "{call}");
    assert_eq!(call["sources"].as_array().unwrap().len(), 1);
    // Stories: the call's documents share one; the storm report is elsewhere.
    let stories = v["stories"].as_array().unwrap();
    let story_of = |doc: &Value| {
        stories
            .iter()
            .find(|s| s["documents"].as_array().unwrap().contains(doc))
            .map(|s| s["id"].clone())
            .expect("every document is in a story")
    };
    assert_eq!(story_of(&wire["id"]), story_of(&mashriq["id"]));
    assert_ne!(
        story_of(&wire["id"]),
        story_of(&doc_by_path(&v, "storm-mount-lebanon.txt")["id"])
    );
    let event_ids: Vec<&Value> = events.iter().map(|e| &e["id"]).collect();
    for s in stories {
        assert!(!s["title"].as_str().unwrap().is_empty());
        for e in s["events"].as_array().unwrap() {
            assert!(event_ids.contains(&e), "{e} not among the events");
        }
    }
    assert_eq!(call["date"]["value"], "2026-03-09");
    assert_eq!(call["participants"].as_array().unwrap().len(), 2, "{call}");
    assert!(events.iter().any(|e| e["modality"] == "denied"
        && e["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["doc"] == khaleej["id"])));
    // Resolution: one person across spellings and roles, places with
    // gazetteer ids, "his counterpart" linked to the person it stands for.
    let entities = v["entities"].as_array().unwrap();
    let putin = entities
        .iter()
        .find(|e| e["name"] == "فلاديمير بوتين")
        .expect("Putin resolved");
    assert!(putin["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["role"] == "counterpart"));
    let cairo = entities.iter().find(|e| e["name"] == "القاهرة").unwrap();
    assert_eq!(cairo["gazetteer"]["country"], "EG");
    // Every participant id is an exported entity.
    let ids: Vec<&Value> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["id"])
        .collect();
    for e in events {
        for p in e["participants"].as_array().unwrap() {
            assert!(ids.contains(&p), "{p} not among the entities");
        }
    }
    // ...and a different story is not in it.
    let storm = doc_by_path(&v, "storm-mount-lebanon.txt");
    assert!(storm["copy_of"].is_null());

    // Page chrome is gone, the content stays, the pull quote stays once.
    let afaq = doc_by_path(&v, "safadi-abdelatty.html");
    let text = afaq["text"].as_str().unwrap();
    for chrome in [
        "انتقل إلى المحتوى",
        "الأكثر قراءة",
        "جميع الحقوق محفوظة",
        "تكبير الخط",
        "5 تعليقات",
    ] {
        assert!(!text.contains(chrome), "chrome left: {chrome}\n{text}");
    }
    assert_eq!(
        text.matches("التقى وزير الخارجية الأردني").count(),
        1,
        "{text}"
    );
    assert!(text.contains("يذكر أن آخر لقاء جمع الوزيرين"));
    assert_eq!(afaq["published"]["value"], "2026-03-08");
    let headings: Vec<&Value> = afaq["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "heading")
        .collect();
    assert_eq!(headings.len(), 1, "the sub-heading stays as structure");

    // Every sentence is a valid char range of the text.
    for d in v["documents"].as_array().unwrap() {
        let n = d["text"].as_str().unwrap().chars().count() as u64;
        for s in d["sentences"].as_array().unwrap() {
            let (a, b) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            assert!(a < b && b <= n, "{} {a}..{b} of {n}", d["id"]);
        }
    }
}

#[test]
fn sentence_offsets_lead_back_to_the_original_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, v) = analyze_examples(dir.path());
    let db = dir.path().join("isnad.db");
    for suffix in [
        "2026-03-10-erdogan-putin-call.txt",
        "erdogan-putin-1256.txt",
        "statement-utf16.txt",
    ] {
        let d = doc_by_path(&v, suffix);
        let text: Vec<char> = d["text"].as_str().unwrap().chars().collect();
        let s = &d["sentences"][0];
        let (a, b) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
        let out = isnad()
            .args(["original", d["id"].as_str().unwrap(), "--db"])
            .arg(&db)
            .args(["--start", &a.to_string(), "--end", &b.to_string()])
            .output()
            .unwrap();
        assert!(out.status.success());
        let expected: String = text[a as usize..b as usize].iter().collect();
        let decoded = match d["encoding"].as_str().unwrap() {
            "UTF-8" => String::from_utf8(out.stdout).unwrap(),
            "UTF-16LE" => {
                let units: Vec<u16> = out
                    .stdout
                    .chunks(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16(&units).unwrap()
            }
            "windows-1256" => {
                // Every byte of the sentence is one char: compare lengths and
                // the ASCII-range punctuation positions.
                assert_eq!(out.stdout.len(), expected.chars().count());
                expected.clone()
            }
            other => panic!("unexpected encoding {other}"),
        };
        assert_eq!(decoded, expected, "{suffix}");
    }
}

#[test]
fn rerun_is_idempotent_and_csv_export_works() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = analyze_examples(dir.path());
    assert_eq!(code, 0);
    let (code, err, _) = analyze_examples(dir.path());
    assert_eq!(code, 0);
    assert!(
        err.contains("0 documents stored, 11 already stored"),
        "{err}"
    );

    // Re-running fusion alone gives the same events; the story report runs.
    let db = dir.path().join("isnad.db");
    let events_before = analyze_examples(dir.path()).2["events"].clone();
    let (code, _, err) = run(isnad().args(["fuse", "--db"]).arg(&db));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("stories"), "{err}");
    let (code, out, err) = run(isnad().args(["eval", "stories", "--json", "--db"]).arg(&db));
    assert_eq!(code, 0, "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["documents"], 11);
    assert!(report["copy_pairs"].as_u64().unwrap() >= 1);
    assert_eq!(analyze_examples(dir.path()).2["events"], events_before);
    let (code, _, err) = run(isnad()
        .args(["fuse", "--db"])
        .arg(dir.path().join("none.db")));
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("no such store"), "{err}");

    let csv = dir.path().join("csv");
    let (code, _, err) = run(isnad()
        .args(["export", "--db"])
        .arg(dir.path().join("isnad.db"))
        .arg("--csv")
        .arg(&csv));
    assert_eq!(code, 0, "{err}");
    let docs = std::fs::read_to_string(csv.join("documents.csv")).unwrap();
    assert_eq!(docs.lines().count(), 12, "header + 11 documents");
    for f in [
        "sentences.csv",
        "entities.csv",
        "events.csv",
        "timexes.csv",
        "stories.csv",
    ] {
        assert!(csv.join(f).exists(), "{f}");
    }
}

#[test]
fn malformed_inputs_fail_alone_with_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let inp = dir.path().join("in");
    std::fs::create_dir(&inp).unwrap();
    let good = "الخبر السليم\nقال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في العاصمة.\n";
    std::fs::write(inp.join("good.txt"), good).unwrap();
    // A gzip stream cut in the middle.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all("نص طويل ".repeat(2000).as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(inp.join("cut.txt.gz"), &gz[..gz.len() / 2]).unwrap();
    // A WARC record whose block is shorter than its Content-Length.
    std::fs::write(
        inp.join("cut.warc"),
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x",
    )
    .unwrap();
    // Bytes that are not UTF-8 in a page that claims UTF-8.
    let mut bad = b"<html><head><meta charset=\"utf-8\"></head><body><p>".to_vec();
    bad.extend_from_slice(&[0xff, 0xfe, 0xfa, 0x80, 0x81]);
    bad.extend_from_slice(b"</p></body></html>");
    std::fs::write(inp.join("bad-utf8.html"), bad).unwrap();
    // UTF-16 without BOM.
    let utf16: Vec<u8> = "بيان صحفي\nأعلنت الوزارة اليوم عن خطة جديدة للنقل العام في المدينة.\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    std::fs::write(inp.join("nobom16.txt"), utf16).unwrap();
    std::fs::write(inp.join("empty.txt"), b"").unwrap();
    // Binary junk.
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(inp.join("junk.bin"), junk).unwrap();
    // A 50 MB single line.
    let mut big = std::fs::File::create(inp.join("big.txt")).unwrap();
    let chunk = "كلمة ".repeat(1000);
    while big.metadata().unwrap().len() < 50 * 1024 * 1024 {
        big.write_all(chunk.as_bytes()).unwrap();
    }
    drop(big);

    let db = dir.path().join("isnad.db");
    let inputs: Vec<String> = [
        "good.txt",
        "cut.txt.gz",
        "cut.warc",
        "bad-utf8.html",
        "nobom16.txt",
        "empty.txt",
        "junk.bin",
        "big.txt",
    ]
    .iter()
    .map(|f| inp.join(f).display().to_string())
    .collect();
    let (code, _, err) = run(isnad().arg("analyze").args(&inputs).arg("--db").arg(&db));
    assert_eq!(code, 1, "some inputs failed → exit 1\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    for (file, what) in [
        ("cut.txt.gz", "gzip"),
        ("cut.warc", "WARC"),
        ("bad-utf8.html", "UTF-8"),
        ("junk.bin", ""),
        ("big.txt", "limit"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no message for {file}:\n{err}"));
        assert!(line.contains(what), "{line}");
    }
    assert!(
        err.lines()
            .any(|l| l.contains("empty.txt") && l.contains("skipped")),
        "{err}"
    );
    // The good inputs landed: the clean file and the BOM-less UTF-16 file.
    let json = dir.path().join("out.json");
    let (code, _, _) = run(isnad()
        .args(["export", "--db"])
        .arg(&db)
        .arg("--json")
        .arg(&json));
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let texts: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("ستستأنف")),
        "good.txt landed"
    );
    assert!(
        texts.iter().any(|t| t.contains("خطة جديدة للنقل")),
        "UTF-16 without BOM landed"
    );
}

#[test]
fn stdin_is_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("isnad.db");
    let mut child = isnad()
        .args(["analyze", "-", "--db"])
        .arg(&db)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "عنوان الخبر\nأكد المتحدث باسم الحكومة أن الاجتماع سيعقد غداً في العاصمة.\n".as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("1 documents stored"), "{err}");
}

#[test]
fn usage_errors_exit_2_and_every_command_has_help() {
    let (code, _, _) = run(isnad().arg("analyze"));
    assert_eq!(code, 2);
    let (code, _, _) = run(isnad().arg("frobnicate"));
    assert_eq!(code, 2);
    for cmd in [
        "analyze", "export", "eval", "train", "bench", "original", "search", "serve", "report",
    ] {
        let (code, out, _) = run(isnad().args([cmd, "--help"]));
        assert_eq!(code, 0, "{cmd} --help");
        assert!(out.contains("Usage"), "{cmd}: {out}");
    }
    let (code, _, err) = run(isnad().args(["export", "--db", "/nonexistent/x.db", "--json", "-"]));
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("no such store"), "{err}");
    // A story range that is not one is a usage error, named, before any work starts.
    let (code, _, err) = run(isnad().args(["eval", "events", "--stories", "249-235"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("first story is after the last"), "{err}");
    let (code, _, err) = run(isnad().args(["eval", "events", "--stories", "s2x"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a story range"), "{err}");
}

#[test]
fn search_and_report_work_on_the_examples() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = analyze_examples(dir.path());
    assert_eq!(code, 0);
    let db = dir.path().join("isnad.db");
    // Respelled query: no hamza, ta marbuta as ha, clitic glued on.
    let (code, out, err) = run(isnad()
        .args(["search", "--db"])
        .arg(&db)
        .args(["--json", "وبالقاهره"]));
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["total"].as_u64().unwrap() >= 1, "{out}");
    let report = dir.path().join("report.html");
    let (code, _, err) = run(isnad()
        .args(["report", "--db"])
        .arg(&db)
        .arg("--html")
        .arg(&report));
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("dir=\"rtl\""), "RTL report");
    assert!(html.contains("الصفدي"), "report lists the documents");
}
