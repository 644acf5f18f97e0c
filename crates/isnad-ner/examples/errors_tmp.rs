use isnad_ner::*;
fn main() {
    let m = NerModel::load_default().unwrap();
    for e in std::fs::read_dir("/work/main/eval/ner").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let src = std::fs::read_to_string(&p).unwrap();
        let body: Vec<&str> = src.lines().filter(|l| !l.starts_with('#')).collect();
        let body = body.join("\n");
        // strip markup
        let mut text = String::new();
        let mut gold = Vec::new();
        let mut stack = Vec::new();
        let mut n = 0;
        let mut it = body.trim().chars().peekable();
        while let Some(c) = it.next() {
            if c == '[' {
                let mut t = String::new();
                while let Some(&d) = it.peek() {
                    if d.is_ascii_alphabetic() {
                        t.push(d);
                        it.next();
                    } else {
                        break;
                    }
                }
                it.next();
                stack.push((n, t));
            } else if c == ']' {
                let (s, t) = stack.pop().unwrap();
                gold.push((s, n, t));
            } else {
                text.push(c);
                n += 1;
            }
        }
        let sub = |a: usize, b: usize| text.chars().skip(a).take(b - a).collect::<String>();
        let pred: Vec<(usize, usize, String)> = m
            .tag(&text)
            .into_iter()
            .map(|x| (x.start, x.end, x.label.to_string()))
            .collect();
        for g in &gold {
            if !pred.contains(g) {
                println!("FN {} {}", g.2, sub(g.0, g.1));
            }
        }
        for g in &pred {
            if !gold.contains(g) {
                println!("FP {} {}", g.2, sub(g.0, g.1));
            }
        }
    }
}
