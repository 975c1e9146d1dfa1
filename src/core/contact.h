// Contact details the public types into forms (messages, comments): one
// rule for what a phone number and an email address look like.
#ifndef ZWGK_CORE_CONTACT_H_
#define ZWGK_CORE_CONTACT_H_

#include "absl/strings/string_view.h"

namespace zwgk {

// A mainland mobile (optionally +86) or a landline with or without its area
// code; spaces and hyphens between digits allowed ("0715-6321234").
bool IsPhoneNumber(absl::string_view phone);

// name@domain.tld: one @, a dot after it, no spaces.
bool IsEmailAddress(absl::string_view email);

}  // namespace zwgk

#endif  // ZWGK_CORE_CONTACT_H_
