#pragma once
// Secrets from the environment (issue 17.1), one rule for all of them: kept out of the
// config file (readable by whoever can read /etc) and of the command line (which `ps` shows
// to every user); systemd reads them from an EnvironmentFile.
//
//   INCIDENTD_DB_PASSWORD    the password of a mysql:// database URL (both binaries)
//   INCIDENTD_SMTP_PASSWORD  notifications.email.password (incidentd)
//   INCIDENTD_SMS_TOKEN      notifications.sms.token (incidentd)
//
// A variable that is set and not empty wins over the configuration. Thread safety: none
// needed; called once at start, before any thread that reads the settings.

#include <functional>
#include <string>

namespace incidents::config {

inline constexpr char kDbPasswordEnv[] = "INCIDENTD_DB_PASSWORD";
inline constexpr char kSmtpPasswordEnv[] = "INCIDENTD_SMTP_PASSWORD";
inline constexpr char kSmsTokenEnv[] = "INCIDENTD_SMS_TOKEN";

// Reads a variable of the environment; nullptr when it is not set. std::getenv in the
// binaries, a map in tests.
using EnvLookup = std::function<const char*(const char* name)>;

// Sets `value` (the secret of config key `key`) from `variable` when that is set and not
// empty. Returns a warning to log when both held a value ("" otherwise); it names the key
// and the variable, never a value.
std::string TakeSecretFromEnvironment(const char* variable, const char* key, std::string& value,
                                      const EnvLookup& getenv);

}  // namespace incidents::config
