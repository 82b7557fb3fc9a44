//! `qantara lexicon import` and dictionaries in `qantara align`.

use predicates::prelude::*;

use crate::workdir::{Workdir, sample_gold, stdout_of, write_dictd};

#[test]
fn dictionaries_are_imported_once_in_either_format() {
    let wd = Workdir::new();
    let tsv = wd.write(
        "ar-en.tsv",
        "# Arabic-English\nتركيا\tTurkey\nروسيا\tRussia\nوقف إطلاق النار\tceasefire\n",
    );
    let dic = wd.write("hu-en.dic", "house @ ház\ndog @ kutya\n");
    let import = |file: &str, source_lang: &str| {
        wd.qantara(&[
            "lexicon",
            "import",
            file,
            "--src-lang",
            source_lang,
            "--tgt-lang",
            "en",
        ])
        .assert()
        .success()
    };
    import(&tsv, "ar").stderr(
        predicate::str::contains("2 new word pairs ar-en")
            .and(predicate::str::contains("1 entries of more than one word")),
    );
    import(&tsv, "ar").stderr(predicate::str::contains("0 new word pairs"));
    import(&dic, "hu");
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM lexicon WHERE origin = 'dictionary'"
        ),
        4
    );
    assert_eq!(
        wd.count("qantara.db", "SELECT count(*) FROM lexicon WHERE source = 'ház' AND target = 'house' AND source_lang = 'hu'"),
        1
    );
}

#[test]
fn a_malformed_dictionary_names_its_line_and_stores_nothing() {
    let wd = Workdir::new();
    let bad = wd.write("bad.tsv", "Haus\thouse\nBaum tree\n");
    wd.qantara(&[
        "lexicon",
        "import",
        &bad,
        "--src-lang",
        "de",
        "--tgt-lang",
        "en",
    ])
    .assert()
    .code(1)
    .stderr(predicate::str::contains(
        "bad.tsv:2: not a dictionary entry",
    ));
    wd.align_sample(&["--dict", &bad]).assert().code(1);
    assert!(!wd.path().join("qantara.db").exists());
}

#[test]
fn alignment_stores_the_lexicon_it_learned_and_uses_the_dictionary() {
    let wd = Workdir::new();
    let tsv = wd.write("ar-en.tsv", "تركيا\tTurkey\nروسيا\tRussia\n");
    let output = stdout_of(&mut wd.align_sample(&["--dict", &tsv, "--format", "beads"]));
    assert_eq!(output, sample_gold());
    // A dictionary given with --dict is used for this run, not stored.
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM lexicon WHERE origin = 'dictionary'"
        ),
        0
    );
    let learned = wd.count(
        "qantara.db",
        "SELECT count(*) FROM lexicon WHERE origin = 'learned' AND alignment_id = (SELECT max(id) FROM alignments)",
    );
    assert!(learned > 0);
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM lexicon WHERE origin = 'learned' AND target = 'idlib'"
        ),
        1
    );
    // Re-aligning replaces the alignment and the pairs it learned.
    wd.align_sample(&["--dict", &tsv]).assert().success();
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM lexicon WHERE origin = 'learned' AND target = 'idlib'"
        ),
        1
    );
}

/// Three syllables of `syllables` that spell `k` (base 12): a word of an invented
/// language, unlike any other word, number or name.
fn invented_word(syllables: &[&str; 12], k: usize) -> String {
    [k % 12, (k / 12) % 12, (k / 144) % 12]
        .iter()
        .map(|&digit| syllables[digit])
        .collect()
}

/// A 30-sentence text in an invented source language, its translation into an
/// invented target language with one sentence added after the fifteenth (as long as
/// it, sharing no word), and the word pairs that translate it. Lengths alone cannot
/// tell which of the two is the added one.
fn invented_pair() -> (String, String, Vec<(String, String)>) {
    const SOURCE: [&str; 12] = [
        "ka", "lo", "mi", "ne", "su", "ta", "ri", "go", "pe", "zu", "ha", "vo",
    ];
    const TARGET: [&str; 12] = [
        "bra", "stel", "min", "dor", "plu", "kev", "sar", "tun", "glo", "fen", "wix", "jod",
    ];
    let (mut source, mut target, mut words) = (String::new(), String::new(), Vec::new());
    let mut k = 0;
    for sentence in 0..30 {
        let length = 3 + (sentence * 5) % 6;
        let (mut s, mut t) = (Vec::new(), Vec::new());
        for _ in 0..length {
            s.push(invented_word(&SOURCE, k));
            t.push(invented_word(&TARGET, k));
            words.push((s[s.len() - 1].clone(), t[t.len() - 1].clone()));
            k += 1;
        }
        source.push_str(&format!("{}.\n", s.join(" ")));
        target.push_str(&format!("{}.\n", t.join(" ")));
        if sentence == 14 {
            let added: Vec<String> = (0..length)
                .map(|j| invented_word(&TARGET, 1_500 + j))
                .collect();
            target.push_str(&format!("{}.\n", added.join(" ")));
        }
    }
    (source, target, words)
}

/// The invented pair written in `wd` as `source.txt` and `target.txt`, their paths and
/// the word pairs that translate them.
fn invented_files(wd: &Workdir) -> (String, String, Vec<(String, String)>) {
    let (source, target, words) = invented_pair();
    (
        wd.write("source.txt", source),
        wd.write("target.txt", target),
        words,
    )
}

/// `qantara align` of the invented pair's files, Hungarian to English, one sentence a
/// line, as a bead list, with `extra` arguments.
fn align_invented(
    wd: &Workdir,
    (source, target): (&str, &str),
    extra: &[&str],
) -> assert_cmd::Command {
    let mut args = vec![
        "align",
        source,
        target,
        "--pre-segmented",
        "--src-lang",
        "hu",
        "--tgt-lang",
        "en",
        "--format",
        "beads",
    ];
    args.extend_from_slice(extra);
    wd.qantara(&args)
}

/// Whether `beads` pair every source sentence after the sixteenth with the target
/// sentence after it (the added sentence shifts them by one), and never the sixteenth
/// source sentence with the added one.
fn right_after_the_added_sentence(beads: &str) -> bool {
    let lines: Vec<&str> = beads.lines().collect();
    (15..30).all(|k| lines.contains(&format!("[{k}]:[{}]", k + 1).as_str()))
        && !lines.iter().any(|line| {
            line.split_once(':')
                .is_some_and(|(source, target)| source.contains("15") && target.contains("15"))
        })
}

#[test]
fn a_freedict_dictionary_is_found_imported_and_matched_through_stems() {
    let wd = Workdir::new();
    let (source, target, words) = invented_files(&wd);
    // English plurals in the dictionary: they meet the singulars of the text through
    // their stems.
    let entries: Vec<(String, Vec<String>)> = words
        .iter()
        .map(|(s, t)| (s.clone(), vec![format!("{t}s"), "(note) other".to_owned()]))
        .collect();
    write_dictd(&wd.path().join("share/dictd"), "freedict-hun-eng", &entries);
    let align = |extra: &[&str]| {
        align_invented(&wd, (&source, &target), extra)
            .env("XDG_DATA_HOME", wd.path().join("share"))
            .assert()
            .success()
    };
    wd.qantara(&["lexicon", "import", "--freedict", "hun-eng"])
        .env("XDG_DATA_HOME", wd.path().join("share"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "freedict-hun-eng: 330 new word pairs hu-en stored",
        ));
    let with = align(&[]).stderr(predicate::str::contains(
        "using dictionary freedict-hun-eng: 330 word pairs",
    ));
    let beads = String::from_utf8(with.get_output().stdout.clone()).unwrap();
    assert!(right_after_the_added_sentence(&beads), "{beads}");
    // --no-dict leaves the stored dictionary out, and says nothing of it: lengths alone
    // take the added sentence for the sixteenth's translation.
    let without = align(&["--no-dict"]).stderr(predicate::str::contains("using dictionary").not());
    let beads = String::from_utf8(without.get_output().stdout.clone()).unwrap();
    assert!(!right_after_the_added_sentence(&beads), "{beads}");
    let listed = stdout_of(&mut wd.qantara(&["lexicon", "list"]));
    assert!(
        listed.contains("freedict-hun-eng  hu-en") && listed.contains("330  dictionary"),
        "{listed}"
    );
}

#[test]
fn a_dictionary_of_the_opposite_direction_is_read_the_other_way_round() {
    let wd = Workdir::new();
    let (source, target, words) = invented_files(&wd);
    let entries: Vec<(String, Vec<String>)> = words
        .iter()
        .map(|(s, t)| (t.clone(), vec![s.clone()]))
        .collect();
    write_dictd(wd.path(), "freedict-eng-hun", &entries);
    let index = wd.path().join("freedict-eng-hun.index");
    // Stored as it is, English-Hungarian, and read the other way round for hu → en.
    wd.qantara(&["lexicon", "import", index.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::contains("165 new word pairs en-hu stored"));
    let aligned = align_invented(&wd, (&source, &target), &[])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "using dictionary freedict-eng-hun (read the other way round)",
        ));
    let beads = String::from_utf8(aligned.get_output().stdout.clone()).unwrap();
    assert!(right_after_the_added_sentence(&beads), "{beads}");
    // Asked for as hu-en, it is stored the other way round; the wrong pair is refused.
    wd.qantara(&[
        "lexicon",
        "import",
        index.to_str().unwrap(),
        "--src-lang",
        "hu",
        "--tgt-lang",
        "en",
        "--name",
        "reversed",
    ])
    .assert()
    .success()
    .stderr(predicate::str::contains(
        "165 new word pairs hu-en stored, read the other way round",
    ));
    wd.qantara(&[
        "lexicon",
        "import",
        index.to_str().unwrap(),
        "--src-lang",
        "de",
        "--tgt-lang",
        "en",
    ])
    .assert()
    .code(1)
    .stderr(predicate::str::contains(
        "translates en into hu, not de into en",
    ));
    // Removing one dictionary leaves the other whole.
    wd.qantara(&["lexicon", "remove", "reversed"])
        .assert()
        .success();
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM lexicon WHERE origin = 'dictionary'"
        ),
        165
    );
    wd.qantara(&["lexicon", "remove", "reversed"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no dictionary named reversed"));
}

#[test]
fn noisy_entries_that_fire_everywhere_do_not_move_beads() {
    let wd = Workdir::new();
    // Function words paired with function words: they occur in nearly every sentence of
    // the sample, on both sides, and say nothing about which sentences translate which.
    let noisy = wd.write(
        "noisy.muse",
        "في the\nمن of\nأن that\nعلى and\nإلى to\nو in\nالتي a\nمع with\n",
    );
    wd.qantara(&[
        "lexicon",
        "import",
        &noisy,
        "--format",
        "muse",
        "--src-lang",
        "ar",
        "--tgt-lang",
        "en",
    ])
    .assert()
    .success()
    .stderr(predicate::str::contains("8 new word pairs ar-en stored"));
    let output = stdout_of(&mut wd.align_sample(&["--format", "beads"]));
    assert_eq!(output, sample_gold());
}

#[test]
fn a_lexicon_learned_from_an_imported_memory_places_what_lengths_cannot() {
    let wd = Workdir::new();
    let (source, target, words) = invented_files(&wd);
    // Last year's memory: units of two words each, every word with the next and with
    // the one after, so that each word meets its translation in four units and any
    // other word in one at most.
    let mut units = String::new();
    for step in [1, 2] {
        for pair in words.windows(step + 1) {
            let (first, last) = (&pair[0], &pair[step]);
            units.push_str(&format!(
                "<tu><tuv xml:lang=\"hu\"><seg>{} {}</seg></tuv><tuv xml:lang=\"en\"><seg>{} {}</seg></tuv></tu>\n",
                first.0, last.0, first.1, last.1
            ));
        }
    }
    let tmx = wd.write(
        "memory.tmx",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"hu\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" creationtool=\"test\" creationtoolversion=\"1\" o-tmf=\"test\"/><body>\n{units}</body></tmx>\n"
        ),
    );
    let align = || {
        let output = stdout_of(&mut align_invented(&wd, (&source, &target), &[]));
        right_after_the_added_sentence(&output)
    };
    wd.qantara(&["import", &tmx]).assert().success();
    assert!(!align(), "lengths alone place the added sentence wrongly");
    wd.qantara(&["lexicon", "learn"]).assert().success().stderr(
        predicate::str::contains("hu-en: 165 word pairs learned from")
            .and(predicate::str::contains("of 2 alignments")),
    );
    assert!(align(), "the lexicon learned from the memory places it");
    let listed = stdout_of(&mut wd.qantara(&["lexicon", "list"]));
    assert!(
        listed.contains("(learned from the memory)  hu-en"),
        "{listed}"
    );
    // Learning again replaces what was learned.
    wd.qantara(&["lexicon", "learn"]).assert().success();
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM lexicon WHERE origin = 'memory'"
        ),
        165
    );
}

#[test]
fn a_damaged_dictd_dictionary_is_named_and_nothing_is_stored() {
    let wd = Workdir::new();
    let entries = [("ház".to_owned(), vec!["house".to_owned()])];
    write_dictd(wd.path(), "freedict-hun-eng", &entries);
    let index = wd.path().join("freedict-hun-eng.index");
    std::fs::write(
        wd.path().join("freedict-hun-eng.dict.dz"),
        b"not gzip at all",
    )
    .unwrap();
    wd.qantara(&["lexicon", "import", index.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "freedict-hun-eng.dict.dz: not a gzip-compressed dictionary body",
        ));
    // An index that points past its body.
    write_dictd(wd.path(), "freedict-hun-eng", &entries);
    std::fs::write(wd.path().join("freedict-hun-eng.index"), "ház\tA\tZZ\n").unwrap();
    wd.qantara(&["lexicon", "import", index.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "freedict-hun-eng.index: index line 1 points past the end",
        ));
    // No FreeDict dictionary of that name where dictionaries are installed (FreeDict
    // has no Breton-Serbian dictionary).
    wd.qantara(&["lexicon", "import", "--freedict", "bre-srp"])
        .env("XDG_DATA_HOME", wd.path().join("nowhere"))
        .env("XDG_DATA_DIRS", wd.path().join("nowhere"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "freedict-bre-srp is not installed",
        ));
    assert!(!wd.path().join("qantara.db").exists());
}
