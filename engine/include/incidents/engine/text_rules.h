#pragma once
// Checks on free text from users. Pure functions.

#include <cstddef>
#include <string_view>

namespace incidents::engine {

bool IsValidUtf8(std::string_view s);
// Code points in valid UTF-8 text.
std::size_t Utf8Length(std::string_view s);
// True when the text has nothing but spaces, tabs and line breaks.
bool IsBlank(std::string_view s);

}  // namespace incidents::engine
