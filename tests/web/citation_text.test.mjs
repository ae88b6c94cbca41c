// Issue 13, without a browser: no Vietnamese text of the pages (web/) or of the Vietnamese
// mail and SMS templates (config/templates/vi/) cites the regulation in a form a Vietnamese
// reader would not write. The Vietnamese legal form is "khoản 1 Điều 17", "điểm b khoản 2
// Điều 13", "Điều 16"; never "Art. 17.1" (the machine form, allowed in English text and in
// machine-form constants that citation.js converts), "Điều 17.1" or "Điều 16 khoản 1".
// The Vietnamese templates also hold no English prose (" the ", "ticket", "Dear", ...).
//
// In JavaScript only string literals are read (comments may name articles as the code's
// documentation does); a literal is Vietnamese when it sits in a `vi: {...}` table or has
// Vietnamese letters, English when it sits in an `en: {...}` table.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// Wrong in any language: the Vietnamese word with the machine numbering or word order.
const WRONG_ANYWHERE = [
  [/Điều\s+\d+\.\d/u, '"Điều <n>.<n>" (write "khoản <n> Điều <n>")'],
  [/Điều\s+\d+\s+khoản/u, '"Điều <n> khoản <n>" (write "khoản <n> Điều <n>")'],
];
// Wrong in Vietnamese text: the machine (English) form.
const MACHINE_FORM = [/\bArt\.\s*\d/u, '"Art. <n>" (the English form; write "khoản <n> Điều <n>")'];
// English prose in a Vietnamese template (placeholders {{...}} and the "Subject:" header
// are the format's, not prose).
const ENGLISH_WORDS = [/ the /i, /\bticket\b/i, /legal basis/i, /\bdear\b/i, /\bplease\b/i, /\bregards\b/i];

const VIETNAMESE_LETTER = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/iu;

// The string literals of a JavaScript source, each with its line and the language of the
// table it sits in ('vi', 'en' or ''). A small tokenizer: comments, strings, template
// literals (their text parts), regular expression literals, braces.
export function jsStrings(src) {
  const out = [];
  const tables = [];  // stack: {lang, depth}
  let depth = 0;
  let line = 1;
  let prev = '';  // the last significant token, to tell a regex from a division
  const lastKeys = [];  // the last identifiers and punctuation, to spot `vi: {` / `en: {`
  const langNow = () => (tables.length ? tables[tables.length - 1].lang : '');
  for (let i = 0; i < src.length;) {
    const c = src[i];
    if (c === '\n') { line += 1; i += 1; continue; }
    if (/\s/.test(c)) { i += 1; continue; }
    if (c === '/' && src[i + 1] === '/') { while (i < src.length && src[i] !== '\n') i += 1; continue; }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (let k = i; k < stop; k += 1) if (src[k] === '\n') line += 1;
      i = stop;
      continue;
    }
    if (c === '\'' || c === '"' || c === '`') {
      const startLine = line;
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') { text += src[j + 1] === 'n' ? '\n' : src[j + 1]; j += 2; continue; }
        if (c === '`' && src[j] === '$' && src[j + 1] === '{') {
          // Skip the expression (nested braces; strings inside are rare in these files).
          let d = 1; j += 2;
          while (j < src.length && d > 0) { if (src[j] === '{') d += 1; else if (src[j] === '}') d -= 1; if (src[j] === '\n') line += 1; j += 1; }
          text += '0';  // stands for the value: "Art. ${n}" reads as "Art. 0"
          continue;
        }
        if (src[j] === '\n') line += 1;
        text += src[j];
        j += 1;
      }
      out.push({ text, line: startLine, lang: langNow() });
      i = j + 1;
      prev = 'str';
      lastKeys.push('str');
      continue;
    }
    if (c === '/' && (prev === '' || /^[(,=:[!&|?{};+\-*%<>~^]$/.test(prev) || prev === 'return')) {
      // A regular expression literal.
      let j = i + 1;
      let inClass = false;
      while (j < src.length && src[j] !== '\n') {
        if (src[j] === '\\') { j += 2; continue; }
        if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        else if (src[j] === '/' && !inClass) break;
        j += 1;
      }
      j += 1;
      while (j < src.length && /[a-z]/i.test(src[j])) j += 1;
      i = j;
      prev = 'regex';
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i;
      while (j < src.length && /[\w$]/.test(src[j])) j += 1;
      prev = src.slice(i, j);
      lastKeys.push(prev);
      i = j;
      continue;
    }
    if (/\d/.test(c)) {
      let j = i;
      while (j < src.length && /[\w.]/.test(src[j])) j += 1;
      prev = 'num';
      i = j;
      continue;
    }
    // Punctuation.
    if (c === '{') {
      depth += 1;
      const n = lastKeys.length;
      if (n >= 2 && lastKeys[n - 1] === ':' && (lastKeys[n - 2] === 'vi' || lastKeys[n - 2] === 'en')) {
        tables.push({ lang: lastKeys[n - 2], depth });
      }
    } else if (c === '}') {
      if (tables.length && tables[tables.length - 1].depth === depth) tables.pop();
      depth -= 1;
    }
    prev = c;
    lastKeys.push(c);
    if (lastKeys.length > 8) lastKeys.splice(0, lastKeys.length - 8);
    i += 1;
  }
  return out;
}

// The problems of one file: [{file, line, what, text}].
export function scanFile(rel, src) {
  const problems = [];
  const report = (line, what, text) => problems.push({ file: rel, line, what, text: text.trim().slice(0, 160) });
  if (rel.endsWith('.js') || rel.endsWith('.mjs')) {
    for (const s of jsStrings(src)) {
      for (const [re, what] of WRONG_ANYWHERE) if (re.test(s.text)) report(s.line, what, s.text);
      const vietnamese = s.lang === 'vi' || (s.lang !== 'en' && VIETNAMESE_LETTER.test(s.text));
      if (vietnamese && MACHINE_FORM[0].test(s.text)) report(s.line, MACHINE_FORM[1], s.text);
    }
    return problems;
  }
  const template = rel.startsWith('config/templates/vi/');
  src.split('\n').forEach((text, k) => {
    for (const [re, what] of WRONG_ANYWHERE) if (re.test(text)) report(k + 1, what, text);
    // The pages' markup and the Vietnamese templates are Vietnamese throughout.
    if (MACHINE_FORM[0].test(text)) report(k + 1, MACHINE_FORM[1], text);
    if (template) {
      const prose = text.replace(/\{\{[^}]*\}\}/g, ' ').replace(/^Subject:/, '');
      for (const re of ENGLISH_WORDS) if (re.test(prose)) report(k + 1, `English in a Vietnamese template (${re})`, text);
    }
  });
  return problems;
}

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

const TEXT_FILE = /\.(js|mjs|html|css|svg|txt|json|md)$/;

test('the scanner finds each wrong form (it can fail)', () => {
  const js = [
    "const STRINGS = {",
    "  vi: { a: 'Căn cứ: Art. 17.1', b: 'theo Điều 18.3 của Quy chế', c: 'Điều 16 khoản 1: khi ...' },",
    "  en: { a: 'Legal basis: Art. 17.1' },",
    "};",
    "// Art. 17.1 in a comment is documentation",
    "const MACHINE = 'Art. 16.1';",
    "const re = /^Art\\.\\s*(.+)$/;",
    "const x = `Đã ghi nhận (Art. ${n})`;",
  ].join('\n');
  const found = scanFile('web/assets/sample.js', js).map((p) => `${p.line}:${p.what.slice(0, 12)}`);
  assert.deepEqual(found.sort(), [
    '2:"Art. <n>" (',        // Art. in the vi table
    '2:"Điều <n> kh',        // Điều 16 khoản 1
    '2:"Điều <n>.<n',        // Điều 18.3
    '8:"Art. <n>" (',        // Art. in a Vietnamese literal outside any table
  ].sort());
  const tpl = 'Subject: [{{ticket_id}}] Phiếu {{title}}\n\nDear {{org_name}},\nCăn cứ: Điều 17.1.\nLegal basis: {{citation}}\n';
  const whats = scanFile('config/templates/vi/x.txt', tpl).map((p) => p.line);
  assert.deepEqual(whats, [3, 4, 5], 'Dear, "Điều 17.1" and "Legal basis" are found; {{ticket_id}} is not English');
});

test('no Vietnamese text of web/ or config/templates/vi/ cites as "Art. 17.1", "Điều 17.1" or "Điều 16 khoản 1"', () => {
  const files = [
    ...filesUnder(path.join(REPO_ROOT, 'web')),
    ...filesUnder(path.join(REPO_ROOT, 'config', 'templates', 'vi')),
  ].filter((f) => TEXT_FILE.test(f));
  assert.ok(files.some((f) => f.endsWith(path.join('assets', 'i18n.js'))), 'the scan reads web/assets/i18n.js');
  assert.ok(files.some((f) => f.includes(path.join('templates', 'vi'))), 'the scan reads the Vietnamese templates');
  const problems = [];
  for (const file of files) {
    const rel = path.relative(REPO_ROOT, file).split(path.sep).join('/');
    problems.push(...scanFile(rel, readFileSync(file, 'utf8')));
  }
  assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.what}: ${p.text}`), []);
});
