#pragma once
// Text in SpreadsheetML parts (private to the library). XML 1.0 cannot carry most
// control characters, so Excel writes them as _xHHHH_ (ECMA-376 Part 1, 22.9.2.19
// ST_Xstring) and writes an underscore that starts such a sequence as _x005F_. Pure
// functions.

#include <string>
#include <string_view>

namespace incidents::tabular {

// `text` with each underscore that would start an _xHHHH_ sequence written _x005F_, so
// that a reader gives the text back as it was ("_x0041_" stays itself, not "A").
// libxlsxwriter escapes control characters itself, but not these.
std::string EscapeXstringUnderscores(std::string_view text);

// Undoes the _xHHHH_ escapes of cell text as Excel does when it reads it.
std::string DecodeXstring(std::string_view text);

}  // namespace incidents::tabular
