/**
 * The chat channel adapter. A named interface of module {@code channel}: the dispatcher sends
 * through its gateway, and other modules use its public types.
 */
@NamedInterface("chat")
package dev.cuifu.reminder.channel.chat;

import org.springframework.modulith.NamedInterface;
