#include "incidents/config/environment_secrets.h"

namespace incidents::config {

std::string TakeSecretFromEnvironment(const char* variable, const char* key, std::string& value,
                                      const EnvLookup& getenv) {
  const char* from_env = getenv ? getenv(variable) : nullptr;
  if (!from_env || !*from_env) return {};
  const bool both = !value.empty();
  value = from_env;
  if (!both) return {};
  return std::string(key) + " is set both in the configuration and in the environment (" + variable +
         "): using the environment's";
}

}  // namespace incidents::config
