// /request-data/status#code=... (public, no account; issue 15.2): the requester follows the
// request with the tracking code of the mail: its state, when the decision is due, the
// questions of DoICT (answered here while it waits for the answer), the decision, and the
// withdrawal while it is allowed. An unconfirmed request says to confirm it from the mail.

import { fragmentParams, renderStatus } from '../public_request.js';

export async function render(main) {
  await renderStatus(main, fragmentParams(location.hash).code);
}
