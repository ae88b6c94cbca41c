#pragma once
// Text in SpreadsheetML parts (private to the library). XML 1.0 cannot carry most
// control characters, so Excel writes them as _xHHHH_ (ECMA-376 Part 1, 22.9.2.19
// ST_Xstring) and writes an underscore that starts such a sequence as _x005F_. Pure
// functions.

#include <string>
#include <string_view>

namespace incidents::tabular {

// Appends `text` (UTF-8) as XML character data: & < > escaped; CR as &#13; (an XML
// parser turns a raw CR into LF); a control character other than TAB, LF and CR as
// _xHHHH_; an underscore that would start an _xHHHH_ sequence as _x005F_.
void AppendXmlText(std::string& out, std::string_view text);

// Appends `text` as an XML attribute value in double quotes' content: & < > " escaped,
// and TAB, LF and CR as character references (raw ones would become spaces).
void AppendXmlAttribute(std::string& out, std::string_view text);

// Undoes the _xHHHH_ escapes of cell text as Excel does when it reads it.
std::string DecodeXstring(std::string_view text);

}  // namespace incidents::tabular
