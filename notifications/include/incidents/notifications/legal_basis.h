#pragma once
// The legal basis of an event (workflows' table, e.g. "Art. 17.1", "Art. 12.2, 13.2b") in
// the words of a template's locale, for the {{legal_basis}} variable. Pure; thread-safe.

#include <string>
#include <string_view>

namespace incidents::notifications {

// locale "vi": Vietnamese legal citation order, smallest unit first:
//   "Art. 16"          -> "Điều 16"
//   "Art. 17.1"        -> "khoản 1 Điều 17"
//   "Art. 12.2, 13.2b" -> "khoản 2 Điều 12, điểm b khoản 2 Điều 13"
// any other locale: the basis unchanged ("Art. 17.1"). A basis that does not have this
// shape is returned unchanged in every locale.
// The templates add the name of the regulation (Decision 57/2020/QĐ-UBND) themselves.
std::string LegalBasisText(std::string_view basis, std::string_view locale);

}  // namespace incidents::notifications
