#pragma once
// SMS text: folding Vietnamese to GSM-7-safe ASCII, counting segments, shortening.
// Pure functions; thread-safe. All text is UTF-8.
//
// Segments (3GPP TS 23.038 / 23.040): GSM-7 fits 160 septets in one SMS and 153 per part
// of a concatenated SMS; the extension characters ^ { } [ ] ~ \ | € (and form feed) take two
// septets (escape + character) and are never split between parts. UCS-2 fits 70 UTF-16
// code units in one SMS and 67 per part; a surrogate pair is never split.

#include <string>
#include <string_view>

namespace incidents::notifications {

// Removes the diacritics of every Vietnamese letter (a ă â e ê i o ô ơ u ư y with no
// tone, huyền, sắc, hỏi, ngã, nặng; both cases; precomposed or decomposed) and maps đ/Đ to
// d/D; folds other common Latin letters (é, ü, ñ, ç, ß -> ss, ...); maps typographic
// punctuation to ASCII (“ ” -> ", ‘ ’ -> ', – — -> -, … -> ..., non-breaking and other
// spaces -> ' ', € -> EUR, ` -> '); turns CR LF and lone CR into LF and tab into a space;
// drops zero-width characters; replaces anything else (and malformed UTF-8) with '?'.
// The result is printable ASCII plus '\n', every character of which is in the GSM-7
// basic or extension table.
std::string FoldToGsm7(std::string_view utf8);

// True if every character of `utf8` is in the GSM-7 basic or extension table (so a
// gateway can send it without UCS-2). Malformed UTF-8 -> false. "" -> true.
bool IsGsm7(std::string_view utf8);

// The number of SMS parts `text` needs: GSM-7 when unicode is false (characters outside
// GSM-7 count one septet each, as a gateway would replace them), UCS-2 when it is true.
// An empty text is one SMS.
int CountSegments(std::string_view text, bool unicode);

// `text` if it fits in max_segments (values below 1 mean 1). Otherwise the longest
// prefix that ends at a word boundary (trailing spaces and , ; : removed) followed by
// "..." (GSM-7) or "…" (UCS-2), such that the whole fits; a text whose first word alone
// does not fit is cut inside that word, still followed by the ellipsis. Never splits a
// UTF-8 character.
std::string ShortenToSegments(std::string_view text, int max_segments, bool unicode);

}  // namespace incidents::notifications
