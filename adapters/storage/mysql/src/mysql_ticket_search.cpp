#include "mysql_ticket_search.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <optional>

#include "incidents/base/utf8.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/ticket_codec.h"
#include "incidents/engine/ticket_search.h"
#include "mysql_batches.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {

using namespace incidents::engine;

namespace {

// The first `n` characters of UTF-8 `word`.
std::string_view FirstChars(std::string_view word, std::size_t n) {
  std::size_t end = 0;
  for (std::size_t count = 0; end < word.size() && count < n; ++count) base::utf8::Decode(word, end);
  return word.substr(0, end);
}

// One comment's row of ticket_search_comments.
struct CommentText {
  std::int64_t seq = 0;
  std::string text;  // folded
};

// The folded comments of the ticket's history, in order.
std::vector<CommentText> CommentsOf(sql::Connection& c, const std::string& id) {
  auto q = Prepare(c, "SELECT seq, payload FROM ticket_events WHERE ticket_id = ? AND type = 'comment' ORDER BY seq");
  q->setString(1, id);
  Rows r(q->executeQuery());
  std::vector<CommentText> out;
  while (r->next()) {
    auto payload = ParseJson(Str(*r, 2));
    if (!payload.ok() || !payload->is_object()) continue;  // LoadHistory reports it; search skips it
    TicketEvent e;
    e.type = EventType::kComment;
    e.payload = payload->as_object();
    if (auto text = SearchTextOf(e)) out.push_back({r->getInt64(1), std::move(*text)});
  }
  return out;
}

// The folded text a ticket is found by: its head, then its comments.
std::string TextOf(const std::string& head, const std::string& comments) {
  return comments.empty() ? head : head + "\n" + comments;
}
std::string TextOf(const std::string& head, const std::vector<CommentText>& comments) {
  std::string out = head;
  for (const CommentText& comment : comments) out += "\n" + comment.text;
  return out;
}

// Inserts the comments' rows (none: nothing). Exact batches: a padded batch would send a
// comment's whole text again for each repeat. A row already there (a ticket indexed whole
// again because its head row was missing) is rewritten.
void InsertComments(sql::Connection& c, std::int64_t pos, const std::vector<CommentText>& comments) {
  InExactBatches<CommentText>(
      comments,
      [](std::size_t n) {
        return "INSERT INTO ticket_search_comments (pos, seq, text) VALUES " + RepeatedRows("(?, ?, ?)", n) +
               " ON DUPLICATE KEY UPDATE text = VALUES(text)";
      },
      [&](const std::string& text, std::span<const CommentText> batch) {
        auto ins = Prepare(c, text);
        for (std::size_t k = 0; k < batch.size(); ++k) {
          ins->setInt64(static_cast<int>(3 * k + 1), pos);
          ins->setInt64(static_cast<int>(3 * k + 2), batch[k].seq);
          ins->setString(static_cast<int>(3 * k + 3), batch[k].text);
        }
        ins->executeUpdate();
      });
}

// Inserts the (key, pos) rows. IGNORE: a key the ticket already has is kept (the only
// error possible: keys are at most 48 bytes, binary).
void InsertKeys(sql::Connection& c, std::int64_t pos, const std::vector<std::string>& keys) {
  InBatches(
      keys,
      [](std::size_t n) {
        return "INSERT IGNORE INTO ticket_words (word, pos) VALUES " + RepeatedRows("(?, ?)", n);
      },
      [&](const std::string& text, const std::vector<std::string>& batch) {
        auto ins = Prepare(c, text);
        for (std::size_t k = 0; k < batch.size(); ++k) {
          ins->setString(static_cast<int>(2 * k + 1), batch[k]);
          ins->setInt64(static_cast<int>(2 * k + 2), pos);
        }
        ins->executeUpdate();
      });
}

void DeleteKeys(sql::Connection& c, std::int64_t pos, const std::vector<std::string>& keys) {
  InBatches(
      keys,
      [](std::size_t n) {
        return "DELETE FROM ticket_words WHERE pos = ? AND word IN (" + RepeatedRows("?", n) + ")";
      },
      [&](const std::string& text, const std::vector<std::string>& batch) {
        auto del = Prepare(c, text);
        del->setInt64(1, pos);
        for (std::size_t k = 0; k < batch.size(); ++k) del->setString(static_cast<int>(k + 2), batch[k]);
        del->executeUpdate();
      });
}

// Moves the ticket's keys from those of `before` to those of `after` (folded texts).
void ReplaceKeys(sql::Connection& c, std::int64_t pos, std::string_view before, std::string_view after) {
  const std::vector<std::string> old_keys = SearchKeysOf(before), new_keys = SearchKeysOf(after);
  std::vector<std::string> gone, added;
  std::set_difference(old_keys.begin(), old_keys.end(), new_keys.begin(), new_keys.end(), std::back_inserter(gone));
  std::set_difference(new_keys.begin(), new_keys.end(), old_keys.begin(), old_keys.end(), std::back_inserter(added));
  DeleteKeys(c, pos, gone);
  InsertKeys(c, pos, added);
}

void SetResolvedAt(sql::PreparedStatement& s, int i, const Ticket& t) {
  if (t.resolved_at) s.setInt64(i, t.resolved_at->time_since_epoch().count());
  else s.setNull(i, sql::DataType::BIGINT);
}

// The stored comments: those indexed before migration 17 (ticket_search.comments), then
// a row each (ticket_search_comments), in order. Throws sql::SQLException.
std::string StoredCommentsOf(sql::Connection& c, std::int64_t pos, const std::string& before_17) {
  std::string out = before_17;
  auto q = Prepare(c, "SELECT text FROM ticket_search_comments WHERE pos = ? ORDER BY seq");
  q->setInt64(1, pos);
  Rows r(q->executeQuery());
  while (r->next()) {
    if (!out.empty()) out += '\n';
    out += Str(*r, 1);
  }
  return out;
}

// The ticket's stored head and comments; none when it has no row.
struct StoredText {
  std::string head, comments;
};
std::optional<StoredText> StoredTextOf(sql::Connection& c, std::int64_t pos) {
  std::string head, before_17;
  {
    auto q = Prepare(c, "SELECT head, comments FROM ticket_search WHERE pos = ?");
    q->setInt64(1, pos);
    Rows r(q->executeQuery());
    if (!r->next()) return std::nullopt;
    head = Str(*r, 1);
    before_17 = Str(*r, 2);
  }
  return StoredText{std::move(head), StoredCommentsOf(c, pos, before_17)};
}

// (Re)builds the ticket's rows, and its keys, from its history, and copies its resolved_at:
// for the backfill and for a ticket the backfill has not reached. This reads all the
// ticket's comments, and its stored text if any (rare: once per ticket).
void IndexWhole(sql::Connection& c, std::int64_t pos, const Ticket& t) {
  const std::optional<StoredText> stored = StoredTextOf(c, pos);
  const std::string head = SearchHeadOf(t);
  const std::vector<CommentText> comments = CommentsOf(c, t.id);
  auto ins = Prepare(c, "REPLACE INTO ticket_search (pos, head, comments) VALUES (?, ?, '')");
  ins->setInt64(1, pos);
  ins->setString(2, head);
  ins->executeUpdate();
  if (stored) {
    auto del = Prepare(c, "DELETE FROM ticket_search_comments WHERE pos = ?");
    del->setInt64(1, pos);
    del->executeUpdate();
  }
  InsertComments(c, pos, comments);
  ReplaceKeys(c, pos, stored ? TextOf(stored->head, stored->comments) : std::string(), TextOf(head, comments));
  auto res = Prepare(c, "UPDATE tickets SET resolved_at = ? WHERE pos = ?");
  SetResolvedAt(*res, 1, t);
  res->setInt64(2, pos);
  res->executeUpdate();
}

// A new ticket's row: its head (and the event's text, were it a comment), and their keys.
void InsertRow(sql::Connection& c, std::int64_t pos, const std::string& head, const std::optional<CommentText>& comment) {
  auto ins = Prepare(c, "INSERT INTO ticket_search (pos, head, comments) VALUES (?, ?, '')");
  ins->setInt64(1, pos);
  ins->setString(2, head);
  ins->executeUpdate();
  std::vector<CommentText> comments;
  if (comment) comments.push_back(*comment);
  InsertComments(c, pos, comments);
  InsertKeys(c, pos, SearchKeysOf(TextOf(head, comments)));
}

// A comment on a ticket whose head is unchanged (the common commit): inserts its row
// (migration 17) and the keys of its text alone. It reads and rewrites none of the comments
// before it, so a comment costs its own length, not the ticket's: the set difference with
// the keys of the whole stored text, used before migration 15's follow-up, read and split
// every earlier comment, and the CONCAT onto one LONGTEXT, used before migration 17,
// rewrote them all (O(n) per comment, O(n^2) over a ticket's life). A key the ticket
// already has (from its head or an
// earlier comment) is skipped by INSERT IGNORE, at a price: InnoDB checks it in the index
// and keeps a shared lock on that existing (key, pos) record until commit. A record lock
// only: (word, pos) is the primary key, and a duplicate primary key locks no gap (seen on
// MariaDB 10.11 under READ COMMITTED and REPEATABLE READ: another transaction inserts into
// the gap before it at once, and waits only to take the record itself exclusively). Only a
// commit of this same ticket deletes its keys, and it waits for this one on the tickets
// row first; so the lock costs memory, not waiting.
void AppendComment(sql::Connection& c, std::int64_t pos, const CommentText& comment) {
  auto ins = Prepare(c, "INSERT INTO ticket_search_comments (pos, seq, text) VALUES (?, ?, ?)");
  ins->setInt64(1, pos);
  ins->setInt64(2, comment.seq);
  ins->setString(3, comment.text);
  ins->executeUpdate();
  InsertKeys(c, pos, SearchKeysOf(comment.text));
}

// A changed head (rare: an edit of the title or what else the head holds) replaces the
// stored one and adds the comment if any, and moves the ticket's keys from its old text
// to its new one. This reads all the stored comments (O(size of all comments), as
// IndexWhole does): a key of the old head that no longer occurs in the new one stays while
// a comment has it.
void ReplaceHead(sql::Connection& c, std::int64_t pos, const std::string& old_head, const std::string& head,
                 const std::optional<CommentText>& comment) {
  const std::optional<StoredText> stored = StoredTextOf(c, pos);
  const std::string before = stored ? stored->comments : std::string();
  std::string after = before;
  if (comment) after = after.empty() ? comment->text : after + "\n" + comment->text;
  auto up = Prepare(c, "UPDATE ticket_search SET head = ? WHERE pos = ?");
  up->setString(1, head);
  up->setInt64(2, pos);
  up->executeUpdate();
  if (comment) InsertComments(c, pos, {*comment});
  ReplaceKeys(c, pos, TextOf(old_head, before), TextOf(head, after));
}

// Runs a backfill counted down by the counter `name` (the highest position still to do;
// 0 when done): one transaction per batch, under the counter's row lock, so that nodes
// opening at once share the work. `batch(until)` does the positions <= until, newest
// first, and answers the next `until` (0 after the last batch); its error rolls back.
Status Backfill(sql::Connection& c, const char* name, const char* what,
                const std::function<Result<std::int64_t>(std::int64_t)>& batch) {
  try {
    while (true) {
      c.setAutoCommit(false);
      struct Restore {
        sql::Connection& c;
        ~Restore() {
          try {
            c.rollback();  // nothing after a commit; undoes a batch that threw
            c.setAutoCommit(true);
          } catch (const sql::SQLException&) {
          }
        }
      } restore{c};
      std::int64_t until = 0;
      {
        auto q = Prepare(c, "SELECT value FROM counters WHERE name = ? FOR UPDATE");
        q->setString(1, name);
        Rows r(q->executeQuery());
        if (r->next()) until = r->getInt64(1);
      }
      if (until <= 0) {
        c.commit();
        return {};
      }
      const Result<std::int64_t> next = batch(until);
      if (!next.ok()) return Status(next.status().code(), std::string(what) + ": " + next.status().message());
      auto up = Prepare(c, "UPDATE counters SET value = ? WHERE name = ?");
      up->setInt64(1, next.value());
      up->setString(2, name);
      up->executeUpdate();
      c.commit();
    }
  } catch (const sql::SQLException& e) {
    return MapException(e, what);
  }
}

constexpr int kBatch = 500;

}  // namespace

std::vector<std::string> SearchKeysOf(std::string_view folded_text) {
  std::vector<std::string> keys;
  std::size_t at = 0;
  while (at < folded_text.size()) {
    const std::size_t end = std::min(folded_text.find_first_of(" \n", at), folded_text.size());
    const std::string_view word = folded_text.substr(at, end - at);
    std::size_t cut = 0;
    for (std::size_t n = 0; cut < word.size() && n < kKeyChars; ++n) {
      base::utf8::Decode(word, cut);
      keys.emplace_back(word.substr(0, cut));
    }
    at = end + 1;
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

Status IndexForSearch(sql::Connection& c, const TicketCommit& commit, const StoredSearchRow& stored) {
  const Ticket& t = commit.snapshot;
  const std::string head = SearchHeadOf(t);
  std::optional<CommentText> comment;
  if (std::optional<std::string> text = SearchTextOf(commit.event)) comment = CommentText{commit.event.seq, std::move(*text)};
  if (commit.expected_version == 0) {
    InsertRow(c, stored.pos, head, comment);
    return {};
  }
  if (!stored.head) {  // the history already holds this commit's event
    IndexWhole(c, stored.pos, t);
    return {};
  }
  if (*stored.head != head) {
    ReplaceHead(c, stored.pos, *stored.head, head, comment);
    return {};
  }
  if (comment) AppendComment(c, stored.pos, *comment);
  return {};
}

Status BackfillTicketSearch(sql::Connection& c) {
  Status st = Backfill(c, "search_backfill", "indexing the tickets for search", [&](std::int64_t until) -> Result<std::int64_t> {
    std::vector<std::pair<std::int64_t, std::string>> batch;
    {
      auto q = Prepare(c, "SELECT pos, snapshot FROM tickets WHERE pos <= ? ORDER BY pos DESC LIMIT ? FOR UPDATE");
      q->setInt64(1, until);
      q->setInt(2, kBatch);
      Rows r(q->executeQuery());
      while (r->next()) batch.emplace_back(r->getInt64(1), Str(*r, 2));
    }
    for (const auto& [pos, snapshot] : batch) {
      auto json = ParseJson(snapshot);
      if (!json.ok()) return Status::Corruption("ticket snapshot: " + json.status().message());
      auto t = TicketFromStorageJson(json.value());
      if (!t.ok()) return t.status();
      IndexWhole(c, pos, t.value());
    }
    return static_cast<int>(batch.size()) < kBatch ? std::int64_t{0} : batch.back().first - 1;
  });
  if (!st.ok()) return st;
  // The text indexed before migration 15, and not by IndexWhole above, gets its keys.
  return Backfill(c, "words_backfill", "indexing the tickets' words for search", [&](std::int64_t until) -> Result<std::int64_t> {
    std::vector<std::pair<std::int64_t, std::string>> batch;
    {
      auto q = Prepare(c, "SELECT pos, head, comments FROM ticket_search WHERE pos <= ? ORDER BY pos DESC LIMIT ? "
                          "FOR UPDATE");
      q->setInt64(1, until);
      q->setInt(2, kBatch);
      Rows r(q->executeQuery());
      while (r->next()) batch.emplace_back(r->getInt64(1), TextOf(Str(*r, 2), Str(*r, 3)));
    }
    for (const auto& [pos, text] : batch) InsertKeys(c, pos, SearchKeysOf(text));
    return static_cast<int>(batch.size()) < kBatch ? std::int64_t{0} : batch.back().first - 1;
  });
}

MysqlSearch MysqlSearchOf(const std::vector<std::string>& terms) {
  MysqlSearch out;
  std::vector<std::string> keys;
  for (const std::string& term : terms) {
    std::string key(FirstChars(term, kKeyChars));
    if (key.size() < term.size()) {
      // A word of the folded text beginning with the term; the term holds no regex
      // metacharacter (letters, digits and non-ASCII characters only).
      out.regexps.push_back("(^|[^[:alnum:]])" + term);
    }
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  }
  // The longest key drives: the most specific, so the fewest rows walked per match.
  const auto longest = std::max_element(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
    return base::utf8::Length(a) < base::utf8::Length(b);
  });
  if (longest == keys.end()) return out;
  out.drive = *longest;
  keys.erase(longest);
  out.probes = std::move(keys);
  return out;
}

}  // namespace incidents::storage::mysql
