#!/usr/bin/env python3
"""Derive isnad-resolve's gazetteer subsets from ../shared (run from the repo root):

    python3 crates/isnad-resolve/scripts/derive_gazetteers.py

Reads  ../shared/datasets/gazetteers/iso3166_1_ar.tsv        (pycountry / iso-codes, LGPL-2.1)
       ../shared/datasets/gazetteers/geonames_cities500_arabic.tsv (GeoNames, CC BY 4.0)
Writes crates/isnad-resolve/data/iso_countries.tsv  alpha2, name_en, Arabic names (|-separated)
       crates/isnad-resolve/data/geonames_cities.tsv geonameid, name_en, country, population, Arabic names
Only names written in Arabic letters proper are kept (Persian/Urdu/Kurdish letters dropped);
diacritics are stripped. Cities: population >= MIN_POP.
"""
import os, re, sys

SHARED = os.environ.get("ISNAD_SHARED", "../shared")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
MIN_POP = 100000
DIAC = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
ARABIC_ONLY = re.compile("^[\u0621-\u063a\u0641-\u064a ]+$")


def clean(name):
    name = DIAC.sub("", name).strip()
    return name if ARABIC_ONLY.match(name) else None


def main():
    g = os.path.join(SHARED, "datasets", "gazetteers")
    rows = []
    with open(os.path.join(g, "iso3166_1_ar.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split("\t")
            names = []
            for n in p[4:7]:
                c = clean(n) if n else None
                if c and c not in names:
                    names.append(c)
            if names:
                rows.append(f"{p[0]}\t{p[3]}\t{'|'.join(names)}")
    with open(os.path.join(OUT, "iso_countries.tsv"), "w", encoding="utf-8") as f:
        f.write("# alpha2\tname_en\tarabic names; derived by scripts/derive_gazetteers.py from shared iso3166_1_ar.tsv (LGPL-2.1)\n")
        f.write("\n".join(rows) + "\n")
    cities = []
    with open(os.path.join(g, "geonames_cities500_arabic.tsv"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 9 or not p[4].isdigit() or int(p[4]) < MIN_POP:
                continue
            names = []
            for n in p[8].split("|"):
                c = clean(n)
                if c and c not in names:
                    names.append(c)
            if names:
                cities.append(f"{p[0]}\t{p[1]}\t{p[2]}\t{p[4]}\t{'|'.join(names)}")
    with open(os.path.join(OUT, "geonames_cities.tsv"), "w", encoding="utf-8") as f:
        f.write(f"# geonameid\tname\tcountry\tpopulation\tarabic names; derived by scripts/derive_gazetteers.py from shared geonames_cities500_arabic.tsv (GeoNames CC BY 4.0), population >= {MIN_POP}\n")
        f.write("\n".join(cities) + "\n")
    print(f"{len(rows)} countries, {len(cities)} cities", file=sys.stderr)


if __name__ == "__main__":
    main()
