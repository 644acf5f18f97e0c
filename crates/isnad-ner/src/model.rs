//! The model file: `ISNADNER` magic, a format version, then one deflate
//! stream holding the feature set, the two linear models (entities, titles),
//! the cluster table and the gazetteer — all as hashes and numbers, no text
//! from the training corpora.

use std::io::{Read, Write};
use std::path::Path;

use crate::clusters::{ClusterTable, WordInfo, NO_ROW};
use crate::features::{FeatureConfig, Resources};
use crate::gazetteer::Gazetteer;
use crate::perceptron::{Linear, Scheme};
use crate::{EntityType, Error};

pub const MAGIC: &[u8; 8] = b"ISNADNER";
pub const VERSION: u32 = 2;
/// Format 1 stored the feature switches in one byte (no `context` group);
/// still read, and still written when the switches fit, so that models
/// trained without the newer groups stay byte-identical.
pub const VERSION_1: u32 = 1;

/// Everything a model file holds.
#[derive(Debug, Clone)]
pub struct ModelParts {
    pub features: FeatureConfig,
    /// Free-form JSON about how the model was made (shown by `describe`).
    pub meta: String,
    /// Scale for turning per-token margins into a 0..1 score.
    pub conf_scale: f32,
    pub main: Linear,
    pub title: Option<Linear>,
    /// Second, document-level pass over entities (see [`crate::doc`]).
    pub stage2: Option<Linear>,
    pub res: Resources,
}

struct W(Vec<u8>);
impl W {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct R<'a> {
    b: &'a [u8],
    pos: usize,
    path: &'a str,
}
impl R<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], Error> {
        if self.pos + n > self.b.len() {
            return Err(Error::data(
                self.path,
                format!("model file truncated at byte {} of its body", self.pos),
            ));
        }
        let s = &self.b[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, Error> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().unwrap_or([0; 2]),
        ))
    }
    fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or([0; 4]),
        ))
    }
    fn f32(&mut self) -> Result<f32, Error> {
        Ok(f32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or([0; 4]),
        ))
    }
    fn len(&mut self, what: &str, max: usize) -> Result<usize, Error> {
        let n = self.u32()? as usize;
        if n > max {
            return Err(Error::data(
                self.path,
                format!("model file: implausible {what} count {n}"),
            ));
        }
        Ok(n)
    }
    fn str(&mut self) -> Result<String, Error> {
        let n = self.len("string byte", 1 << 24)?;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec())
            .map_err(|_| Error::data(self.path, "model file: invalid UTF-8 string"))
    }
}

fn type_code(t: EntityType) -> u8 {
    EntityType::ALL.iter().position(|&x| x == t).unwrap_or(0) as u8
}

fn write_linear(w: &mut W, m: &Linear) {
    // High bit: BILOU labels.
    w.u8(m.scheme.types.len() as u8 | if m.scheme.bilou { 0x80 } else { 0 });
    for &t in &m.scheme.types {
        w.u8(type_code(t));
    }
    w.f32(m.scale);
    let mut entries: Vec<(u32, &[i16])> = m.entries().collect();
    entries.sort_by_key(|e| e.0);
    w.u32(entries.len() as u32);
    for (k, _) in &entries {
        w.u32(*k);
    }
    // Rows column by column: the many zeros of one label compress together.
    for l in 0..m.l {
        for (_, row) in &entries {
            w.u16(row[l] as u16);
        }
    }
    for &t in &m.trans {
        w.f32(t);
    }
    w.f32(m.o_bias);
    w.u16(m.dim as u16);
    w.u32(m.dense.len() as u32);
    for &x in &m.dense {
        w.f32(x);
    }
}

fn read_linear(r: &mut R) -> Result<Linear, Error> {
    let b = r.u8()?;
    let bilou = b & 0x80 != 0;
    let nt = (b & 0x7F) as usize;
    let mut types = Vec::with_capacity(nt);
    for _ in 0..nt {
        let c = r.u8()? as usize;
        let t = *EntityType::ALL.get(c).ok_or_else(|| {
            Error::data(r.path, format!("model file: unknown entity type code {c}"))
        })?;
        types.push(t);
    }
    let scheme = Scheme { types, bilou };
    let l = scheme.n_labels();
    let scale = r.f32()?;
    let n = r.len("feature", 1 << 26)?;
    let mut keys = Vec::with_capacity(n);
    for _ in 0..n {
        keys.push(r.u32()?);
    }
    let mut rows = vec![0i16; n * l];
    for j in 0..l {
        for i in 0..n {
            rows[i * l + j] = r.u16()? as i16;
        }
    }
    let mut trans = Vec::with_capacity((l + 1) * l);
    for _ in 0..(l + 1) * l {
        trans.push(r.f32()?);
    }
    let mut m = Linear::new(scheme, &keys, &rows, scale, trans);
    m.o_bias = r.f32()?;
    m.dim = r.u16()? as usize;
    let nd = r.len("dense weight", 1 << 24)?;
    if nd != crate::perceptron::DENSE_POSITIONS * m.dim * l {
        return Err(Error::data(
            r.path,
            format!("model file: {nd} dense weights for dim {}", m.dim),
        ));
    }
    m.dense = (0..nd).map(|_| r.f32()).collect::<Result<_, _>>()?;
    Ok(m)
}

fn write_clusters(w: &mut W, table: &ClusterTable) {
    let mut words: Vec<(&u32, &WordInfo)> = table.words.iter().collect();
    words.sort_by_key(|e| *e.0);
    w.u32(words.len() as u32);
    for (k, _) in &words {
        w.u32(**k);
    }
    for c in 0..3 {
        for (_, i) in &words {
            w.u16(i.cluster[c]);
        }
    }
    for (_, i) in &words {
        w.u8(i.freq_q);
    }
    for (_, i) in &words {
        w.u32(i.row);
    }
    w.u16(table.dim as u16);
    w.u32(table.vecs.len() as u32);
    w.0.extend(table.vecs.iter().map(|&x| x as u8));
}

fn read_clusters(r: &mut R) -> Result<ClusterTable, Error> {
    let n = r.len("word", 1 << 26)?;
    let mut keys = Vec::with_capacity(n);
    for _ in 0..n {
        keys.push(r.u32()?);
    }
    let mut cl = vec![[0u16; 3]; n];
    for c in 0..3 {
        for x in cl.iter_mut() {
            x[c] = r.u16()?;
        }
    }
    let mut freq = Vec::with_capacity(n);
    for _ in 0..n {
        freq.push(r.u8()?);
    }
    let mut clusters = ClusterTable::default();
    clusters.words.reserve(n);
    for (i, k) in keys.into_iter().enumerate() {
        let row = r.u32()?;
        clusters.words.insert(
            k,
            WordInfo {
                cluster: cl[i],
                freq_q: freq[i],
                row,
            },
        );
    }
    clusters.dim = r.u16()? as usize;
    let nv = r.len("vector component", 1 << 30)?;
    clusters.vecs = r.take(nv)?.iter().map(|&b| b as i8).collect();
    if clusters.dim > 0
        && (nv % clusters.dim != 0
            || clusters
                .words
                .values()
                .any(|w| w.row != NO_ROW && (w.row as usize + 1) * clusters.dim > nv))
    {
        return Err(Error::data(
            r.path,
            "model file: word vector rows out of range",
        ));
    }
    Ok(clusters)
}

/// Magic of a cluster cache file (the cluster table alone, deflated).
pub const CLUSTER_MAGIC: &[u8; 8] = b"ISNADCLU";

/// Write a cluster table alone (the training cache).
pub fn save_clusters(table: &ClusterTable, path: &Path) -> Result<(), Error> {
    let mut w = W(Vec::new());
    write_clusters(&mut w, table);
    let mut out = CLUSTER_MAGIC.to_vec();
    // The cluster table's layout did not change in format 2.
    out.extend_from_slice(&VERSION_1.to_le_bytes());
    let mut enc = flate2::write::DeflateEncoder::new(out, flate2::Compression::default());
    enc.write_all(&w.0).map_err(|e| Error::io(path, e))?;
    let bytes = enc.finish().map_err(|e| Error::io(path, e))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// Read a cluster table written by [`save_clusters`].
pub fn load_clusters(path: &Path) -> Result<ClusterTable, Error> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if bytes.len() < 12 || &bytes[..8] != CLUSTER_MAGIC {
        return Err(Error::data(path, "not an isnad cluster cache (bad magic)"));
    }
    let mut body = Vec::new();
    flate2::read::DeflateDecoder::new(&bytes[12..])
        .read_to_end(&mut body)
        .map_err(|e| Error::data(path, format!("corrupt cluster cache: {e}")))?;
    let mut r = R {
        b: &body,
        pos: 0,
        path: &name,
    };
    read_clusters(&mut r)
}

/// Serialise and compress.
pub fn to_bytes(p: &ModelParts) -> Result<Vec<u8>, Error> {
    let mut w = W(Vec::new());
    let bits = p.features.to_bits();
    let version = if bits <= 0xFF { VERSION_1 } else { VERSION };
    if version == VERSION_1 {
        w.u8(bits as u8);
    } else {
        w.u16(bits);
    }
    w.str(&p.meta);
    w.f32(p.conf_scale);
    write_linear(&mut w, &p.main);
    match &p.title {
        Some(t) => {
            w.u8(1);
            write_linear(&mut w, t);
        }
        None => w.u8(0),
    }
    match &p.stage2 {
        Some(t) => {
            w.u8(1);
            write_linear(&mut w, t);
        }
        None => w.u8(0),
    }
    write_clusters(&mut w, &p.res.clusters);
    write_clusters(&mut w, &p.res.clusters2);
    let mut full: Vec<(&u32, &u16)> = p.res.gaz.full.iter().collect();
    full.sort();
    w.u32(full.len() as u32);
    for (k, _) in &full {
        w.u32(**k);
    }
    for (_, b) in &full {
        w.u16(**b);
    }
    let mut pre: Vec<&u32> = p.res.gaz.prefix.iter().collect();
    pre.sort();
    w.u32(pre.len() as u32);
    for k in pre {
        w.u32(*k);
    }
    let mut out = Vec::with_capacity(w.0.len() / 2);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&version.to_le_bytes());
    let mut enc = flate2::write::DeflateEncoder::new(out, flate2::Compression::best());
    enc.write_all(&w.0)
        .map_err(|e| Error::data("<model>", format!("compressing: {e}")))?;
    enc.finish()
        .map_err(|e| Error::data("<model>", format!("compressing: {e}")))
}

/// Decompress and parse; `path` only names the input in errors.
pub fn from_bytes(bytes: &[u8], path: &str) -> Result<ModelParts, Error> {
    if bytes.len() < 12 || &bytes[..8] != MAGIC {
        return Err(Error::data(path, "not an isnad NER model (bad magic)"));
    }
    let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    if version != VERSION && version != VERSION_1 {
        return Err(Error::data(
            path,
            format!("model format version {version}, this build reads {VERSION_1} and {VERSION}"),
        ));
    }
    let mut body = Vec::new();
    flate2::read::DeflateDecoder::new(&bytes[12..])
        .read_to_end(&mut body)
        .map_err(|e| Error::data(path, format!("corrupt model body: {e}")))?;
    let mut r = R {
        b: &body,
        pos: 0,
        path,
    };
    let features = FeatureConfig::from_bits(if version == VERSION_1 {
        u16::from(r.u8()?)
    } else {
        r.u16()?
    });
    let meta = r.str()?;
    let conf_scale = r.f32()?;
    let main = read_linear(&mut r)?;
    let title = if r.u8()? == 1 {
        Some(read_linear(&mut r)?)
    } else {
        None
    };
    let stage2 = if r.u8()? == 1 {
        Some(read_linear(&mut r)?)
    } else {
        None
    };
    let mut res = Resources {
        clusters: read_clusters(&mut r)?,
        clusters2: read_clusters(&mut r)?,
        ..Default::default()
    };
    res.emb = res.clusters.dequantised();
    let n = r.len("gazetteer entry", 1 << 26)?;
    let mut keys = Vec::with_capacity(n);
    for _ in 0..n {
        keys.push(r.u32()?);
    }
    let mut gaz = Gazetteer::default();
    gaz.full.reserve(n);
    for k in keys {
        let b = r.u16()?;
        gaz.has_mined |= b & crate::gazetteer::MINED != 0;
        gaz.has_names |= b & (crate::gazetteer::G_FIRST | crate::gazetteer::G_LAST) != 0;
        gaz.full.insert(k, b);
    }
    let n = r.len("gazetteer prefix", 1 << 26)?;
    gaz.prefix.reserve(n);
    for _ in 0..n {
        gaz.prefix.insert(r.u32()?);
    }
    res.gaz = gaz;
    if r.pos != body.len() {
        return Err(Error::data(
            path,
            format!(
                "model file has {} unexpected trailing bytes",
                body.len() - r.pos
            ),
        ));
    }
    Ok(ModelParts {
        features,
        meta,
        conf_scale,
        main,
        title,
        stage2,
        res,
    })
}

/// Write atomically (temp file + rename) so a failed run never leaves half a model.
pub fn save(p: &ModelParts, path: &Path) -> Result<usize, Error> {
    let bytes = to_bytes(p)?;
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, &bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))?;
    Ok(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{G_ORG, G_ORG_MINED};

    fn parts(features: FeatureConfig, gaz: Gazetteer) -> ModelParts {
        let scheme = Scheme::bio(vec![EntityType::Org]);
        let l = scheme.n_labels();
        let main = Linear::new(scheme, &[7], &vec![1i16; l], 0.5, vec![0.0; (l + 1) * l]);
        ModelParts {
            features,
            meta: "{}".into(),
            conf_scale: 1.0,
            main,
            title: None,
            stage2: None,
            res: Resources {
                gaz,
                ..Default::default()
            },
        }
    }

    #[test]
    fn mined_switch_and_bits_round_trip() {
        let mut gaz = Gazetteer::default();
        gaz.add("الهلال", G_ORG);
        // Without the switch the old one-byte format is written.
        let plain = to_bytes(&parts(FeatureConfig::default(), gaz.clone())).unwrap();
        assert_eq!(&plain[8..12], &VERSION_1.to_le_bytes());
        let back = from_bytes(&plain, "plain").unwrap();
        assert!(!back.features.mined && !back.res.gaz.has_mined);
        gaz.add("أرامكو", G_ORG_MINED);
        let cfg = FeatureConfig {
            mined: true,
            ..Default::default()
        };
        let bytes = to_bytes(&parts(cfg, gaz.clone())).unwrap();
        assert_eq!(&bytes[8..12], &VERSION.to_le_bytes());
        let back = from_bytes(&bytes, "mined").unwrap();
        assert_eq!(back.features, cfg);
        assert!(back.res.gaz.has_mined);
        assert_eq!(back.res.gaz.full, gaz.full);
    }
}
