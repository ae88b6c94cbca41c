#pragma once
// The page a message links to ({{link}} in the templates), chosen by the outbox row when
// the dispatcher renders it. Pure functions; thread-safe.

#include <string>
#include <string_view>

namespace incidents::notifications {

// The recipient_ref of the rows addressed to a data-sharing request's requester (the
// `requester` role): the request's own contact, not a person of the directory.
inline constexpr std::string_view kRequesterRef = "requester";

// `public_url` (trailing slashes dropped) plus the ticket's page for the recipient:
//   an incident                          /tickets/<id>
//   a data-sharing request ("data_request"), for province users (focal points, DoICT,
//   the Chairman's office)               /data-requests/<id>
//   the requester of a request           "" (no link): the requester has no account, and
//                                        no internal page is theirs to open. The public
//                                        tracking page (issue 15.2, an unguessable code)
//                                        is what will be linked here once it exists.
// Any other workflow name is linked as an incident (rows before issue 15.3 have none).
std::string MessageLink(std::string_view public_url, std::string_view workflow, std::string_view ticket_id,
                        std::string_view recipient_ref);

}  // namespace incidents::notifications
