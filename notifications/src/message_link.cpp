#include "incidents/notifications/message_link.h"

#include "incidents/engine/workflow_names.h"

namespace incidents::notifications {

std::string MessageLink(std::string_view public_url, std::string_view workflow, std::string_view ticket_id,
                        std::string_view recipient_ref) {
  const bool request = workflow == engine::kDataRequestWorkflow;
  // Never an internal page for the requester (see the header): not even the sign-in page.
  if (request && recipient_ref == kRequesterRef) return "";
  while (!public_url.empty() && public_url.back() == '/') public_url.remove_suffix(1);
  return std::string(public_url) + (request ? "/data-requests/" : "/tickets/") + std::string(ticket_id);
}

}  // namespace incidents::notifications
