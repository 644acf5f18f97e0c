//! The tables the resolver loads once: countries (ISO + common names),
//! GeoNames cities, country adjectives, organisation aliases, office
//! synonyms, honorifics and counterpart words. All are data files under
//! `data/` (see `data/PROVENANCE.md`), compiled in with `include_str!`.

use std::collections::{HashMap, HashSet};

use crate::similarity::strip_article;

const ISO: &str = include_str!("../data/iso_countries.tsv");
const COUNTRY_NAMES: &str = include_str!("../data/country_names.tsv");
const CITIES: &str = include_str!("../data/geonames_cities.tsv");
const ADJECTIVES: &str = include_str!("../data/country_adjectives.tsv");
const ORG_ALIASES: &str = include_str!("../data/org_aliases.tsv");
const OFFICES: &str = include_str!("../data/offices.tsv");
const COUNTERPART: &str = include_str!("../data/counterpart_words.txt");

/// A gazetteer entry a place name can point to.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Country {
        iso: String,
    },
    City {
        geonameid: u64,
        country: String,
        population: u64,
    },
}

/// Normalised words with the article stripped from each (the key of every
/// lookup table): "المملكة العربية السعودية" → ["مملكه", "عربيه", "سعوديه"].
/// The particles أبو/عبد are joined to the next word (أبو ظبي = أبوظبي).
pub fn key_words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let n = isnad_arabic::normalize(s);
    let mut join = false;
    for w in n
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let w = strip_article(w);
        if join {
            if let Some(last) = out.last_mut() {
                last.push_str(w);
            }
            join = false;
            continue;
        }
        join = matches!(w, "ابو" | "عبد");
        out.push(w.to_string());
    }
    out
}

/// [`key_words`] joined by one space.
pub fn key(s: &str) -> String {
    key_words(s).join(" ")
}

fn data_lines(s: &str) -> impl Iterator<Item = Vec<&str>> {
    s.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

/// All lookup tables.
#[derive(Debug)]
pub struct Gazetteer {
    places: HashMap<String, Vec<Place>>,
    /// Display name of each country (the first common name listed).
    country_display: HashMap<String, String>,
    adjectives: HashMap<String, String>,
    org_aliases: HashMap<String, String>,
    /// (variant words, canonical words), longest variant first.
    office_syn: Vec<(Vec<String>, Vec<String>)>,
    honorifics: HashSet<String>,
    /// Pronoun honorific (جلالته) → its base honorific (جلاله).
    pronouns: HashMap<String, String>,
    counterpart: HashSet<String>,
    /// Longest place key in words (bounds n-gram lookups).
    max_place_words: usize,
}

impl Gazetteer {
    /// Parse the compiled-in tables. The tables are ours, so a malformed line
    /// is a build-time bug caught by the tests; such lines are skipped.
    pub fn load() -> Self {
        let mut places: HashMap<String, Vec<Place>> = HashMap::new();
        let mut country_display = HashMap::new();
        let add = |k: String, p: Place, places: &mut HashMap<String, Vec<Place>>| {
            let v = places.entry(k).or_default();
            if !v.contains(&p) {
                v.push(p);
            }
        };
        for f in data_lines(COUNTRY_NAMES) {
            if f.len() >= 2 {
                country_display
                    .entry(f[0].to_string())
                    .or_insert_with(|| f[1].to_string());
                add(key(f[1]), Place::Country { iso: f[0].into() }, &mut places);
            }
        }
        for f in data_lines(ISO) {
            if f.len() >= 3 {
                for n in f[2].split('|') {
                    add(key(n), Place::Country { iso: f[0].into() }, &mut places);
                }
                country_display
                    .entry(f[0].to_string())
                    .or_insert_with(|| f[2].split('|').next().unwrap_or(f[1]).to_string());
            }
        }
        for f in data_lines(CITIES) {
            if f.len() >= 5 {
                let (Ok(id), Ok(pop)) = (f[0].parse::<u64>(), f[3].parse::<u64>()) else {
                    continue;
                };
                for n in f[4].split('|') {
                    let k = key(n);
                    if k.chars().count() >= 3 {
                        add(
                            k,
                            Place::City {
                                geonameid: id,
                                country: f[2].into(),
                                population: pop,
                            },
                            &mut places,
                        );
                    }
                }
            }
        }
        let max_place_words = places
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1);
        let adjectives = data_lines(ADJECTIVES)
            .filter(|f| f.len() >= 2)
            .map(|f| (key(f[1]), f[0].to_string()))
            .collect();
        let mut org_aliases = HashMap::new();
        for f in data_lines(ORG_ALIASES) {
            if f.len() >= 2 {
                for v in f[1].split('|') {
                    // First listing wins: a variant must not steal another's key.
                    org_aliases
                        .entry(org_surface_key(v))
                        .or_insert_with(|| f[0].to_string());
                }
            }
        }
        let mut office_syn = Vec::new();
        let mut honorifics = HashSet::new();
        let mut pronouns = HashMap::new();
        for f in data_lines(OFFICES) {
            if f.first() == Some(&"pronoun") && f.len() == 3 {
                pronouns.insert(key(f[1]), key(f[2]));
                continue;
            }
            match (f.first().copied(), f.len()) {
                (Some("syn"), 3) => office_syn.push((key_words(f[1]), key_words(f[2]))),
                (Some("honorific"), 2) => {
                    honorifics.insert(key(f[1]));
                }
                _ => {}
            }
        }
        office_syn.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
        let counterpart = data_lines(COUNTERPART)
            .filter_map(|f| f.first().map(|w| isnad_arabic::normalize(w)))
            .collect();
        Gazetteer {
            places,
            country_display,
            adjectives,
            org_aliases,
            office_syn,
            honorifics,
            pronouns,
            counterpart,
            max_place_words,
        }
    }

    /// Gazetteer entries for a place key (from [`key`]).
    pub fn places(&self, key: &str) -> &[Place] {
        self.places.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Longest place key in words.
    pub fn max_place_words(&self) -> usize {
        self.max_place_words
    }

    /// The ISO code when `words` (key words) name exactly a country.
    pub fn country_of_words(&self, words: &[String]) -> Option<&str> {
        self.places(&words.join(" ")).iter().find_map(|p| match p {
            Place::Country { iso } => Some(iso.as_str()),
            _ => None,
        })
    }

    /// Arabic display name of a country.
    pub fn country_name(&self, iso: &str) -> Option<&str> {
        self.country_display.get(iso).map(String::as_str)
    }

    /// The country of a nisba adjective given as one or two normalised words
    /// *with* their article (التركي، الروسية، للأردنيين، الكورية الجنوبية).
    /// Words without the article are not adjectives here: تركي is also a
    /// given name.
    pub fn adjective_country(&self, words: &[&str]) -> Option<&str> {
        let mut stems = Vec::with_capacity(words.len());
        for w in words {
            let s = strip_article(w);
            if s.len() == w.len() {
                return None;
            }
            stems.push(s);
        }
        let variants = |s: &str| -> Vec<String> {
            let mut v = vec![s.to_string()];
            for suf in ["ه", "ين", "ون", "ان", "تين", "تان"] {
                if let Some(r) = s.strip_suffix(suf) {
                    if r.chars().count() >= 3 {
                        v.push(r.to_string());
                    }
                }
            }
            v
        };
        if stems.len() == 1 {
            return variants(stems[0])
                .iter()
                .find_map(|v| self.adjectives.get(v).map(String::as_str));
        }
        for a in variants(stems[0]) {
            for b in variants(stems[1]) {
                if let Some(c) = self.adjectives.get(&format!("{a} {b}")) {
                    return Some(c);
                }
            }
        }
        None
    }

    /// The alias id of an organisation surface form, if listed.
    pub fn org_alias(&self, surface: &str) -> Option<&str> {
        self.org_aliases
            .get(&org_surface_key(surface))
            .map(String::as_str)
    }

    /// Apply the office synonyms to key words (longest variant first).
    pub fn canonical_office(&self, words: &[String]) -> Vec<String> {
        let mut w: Vec<String> = words
            .iter()
            .filter(|w| !self.honorifics.contains(*w))
            .cloned()
            .collect();
        for (var, canon) in &self.office_syn {
            let mut i = 0;
            while var.len() <= w.len() && i + var.len() <= w.len() {
                if w[i..i + var.len()] == var[..] {
                    w.splice(i..i + var.len(), canon.iter().cloned());
                    i += canon.len();
                } else {
                    i += 1;
                }
            }
        }
        w
    }

    /// The base honorific of a pronoun honorific (جلالته → جلاله).
    pub fn pronoun_base(&self, text: &str) -> Option<&str> {
        self.pronouns.get(&key(text)).map(String::as_str)
    }

    /// True for a normalised counterpart word (نظيره، نظيرته...).
    pub fn is_counterpart(&self, w: &str) -> bool {
        self.counterpart.contains(w)
    }
}

/// Key of an organisation surface for the alias table: quotes and
/// punctuation dropped, normalised, article stripped per word; Latin
/// lower-cased.
pub fn org_surface_key(s: &str) -> String {
    key(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load_and_answer() {
        let g = Gazetteer::load();
        assert!(matches!(g.places(&key("الأردن"))[0], Place::Country { ref iso } if iso == "JO"));
        assert!(g.places(&key("دمشق")).iter().any(|p| matches!(
            p,
            Place::City {
                geonameid: 170654,
                ..
            }
        )));
        assert_eq!(g.adjective_country(&["الاردنيه"]), Some("JO"));
        assert_eq!(g.adjective_country(&["للاردنيين"]), Some("JO"));
        assert_eq!(g.adjective_country(&["تركي"]), None);
        assert_eq!(g.adjective_country(&["الكوريه", "الجنوبيه"]), Some("KR"));
        assert_eq!(g.org_alias("«رويترز»"), Some("reuters"));
        assert_eq!(g.org_alias("Reuters"), Some("reuters"));
        assert_eq!(
            g.canonical_office(&key_words("رئيس الحكومة")),
            key_words("رئيس الوزراء")
        );
        assert!(g.is_counterpart("نظيره"));
    }
}
