#pragma once
// Notification templates (issue 4, item 4): one mail template per event type and locale,
// plus an optional short SMS form. Loaded and checked once at start; a template that
// uses an unknown variable is a config error then, and a variable without a value is an
// error at Render, never a blank in a mail.
//
// Files: <dir>/<locale>/<event_type>.txt
//          Subject: [{{ticket_id}}] Phiếu sự cố mới: {{title}}
//          <blank line>
//          body...
//        <dir>/<locale>/<event_type>.sms.txt (optional): the whole file is the SMS text;
//          without it the SMS text is "{{subject}} {{link}}".
//        <dir>/<locale>/<event_type>.<state>.txt (and .sms.txt), optional: used instead
//          when the event led to that state (the `state` variable), e.g.
//          escalate_chairman.awaiting_director.txt while an escalation awaits sign-off.
//        <dir>/<locale>/<event_type>.<workflow>.txt (and .sms.txt), optional: used instead,
//          before a state's variant, for a ticket of that workflow (the `workflow`
//          variable), e.g. escalate_chairman.data_request.txt: the events a data-sharing
//          request shares with incidents get their own wording. No state is named like a
//          workflow.
// Placeholders are {{name}} (spaces inside the braces are allowed). A single { or } is
// literal text; "{{" without a closing "}}", or "}}" without an opening "{{", is an error.
// Files are UTF-8 (a BOM and CRLF line ends are accepted). Other files in the folder
// (README.md, ...) are ignored.
//
// Thread safety: a loaded TemplateSet is immutable; Render may be called concurrently.

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/status.h"

namespace incidents::notifications {

// The variables a template may use are MessageVars' members (message_vars.h, which says
// what each holds, already in the template's locale) plus `link` (public_url + the
// ticket's page). SMS templates may also use {{subject}} (the rendered mail subject).

struct Rendered {
  std::string subject;   // one line (line breaks in values become spaces)
  std::string body;      // ends with a newline
  std::string sms_text;  // UTF-8, not yet folded or shortened (the SMS channel does that)
};

class TemplateSet {
 public:
  // Loads <dir>/<locale>/*.txt. kInvalidValue, naming the file (and line and placeholder
  // where there is one), when: the folder is missing; a file is not UTF-8; a mail
  // template lacks the "Subject: " first line, the blank line after it, or a body; a
  // placeholder is unknown or its braces are unbalanced; an .sms.txt has no mail template;
  // an event type in `required_event_types` has no template.
  static engine::Result<TemplateSet> Load(const std::string& dir, const std::string& locale,
                                          const std::vector<std::string>& required_event_types);

  // Fills the event type's templates from `vars` (extra entries are ignored): the
  // "<event_type>.<vars["workflow"]>" variant when there is one, else the
  // "<event_type>.<vars["state"]>" variant when there is one, else the event type's.
  // kNotFound when there is no template for the event type; kInvalidValue naming the
  // variable when a placeholder has no entry in `vars`.
  engine::Result<Rendered> Render(std::string_view event_type,
                                  const std::map<std::string, std::string>& vars) const;

  const std::string& locale() const { return locale_; }
  // The event types that have a template, sorted; a variant is listed as
  // "<event_type>.<state>" or "<event_type>.<workflow>".
  std::vector<std::string> EventTypes() const;

 private:
  struct Piece {
    bool is_variable = false;
    std::string text;  // the literal text, or the variable name
  };
  struct Template {
    std::string file;  // "vi/report.txt", for error messages
    std::vector<Piece> subject;
    std::vector<Piece> body;
    std::string sms_file;    // "vi/report.sms.txt"; empty: the default form
    std::vector<Piece> sms;  // empty sms_file: "{{subject}} {{link}}"
  };

  // Splits `text` (which starts at line `first_line` of `file`) into pieces; the
  // variables allowed are MessageVars' and `link`, plus "subject" when `sms` is true.
  static engine::Status Parse(std::string_view text, const std::string& file, int first_line, bool sms,
                              std::vector<Piece>& out);
  // Concatenates the pieces with their values; `subject` is the value of {{subject}}
  // (nullptr outside SMS templates).
  static engine::Result<std::string> Fill(const std::vector<Piece>& pieces, const std::string& file,
                                          const std::map<std::string, std::string>& vars,
                                          const std::string* subject);

  std::string locale_;
  std::map<std::string, Template, std::less<>> templates_;
};

}  // namespace incidents::notifications
