/**
 * Working in-memory stand-ins for Lucy's own interfaces: a recording {@link dev.lucy.core.spi.ConversationPort} and a
 * scripted in-process {@link dev.lucy.core.model.ChatModel}.
 *
 * <p>The source lives in the testkit's {@code src/fake/java} and uses lucy-core alone: lucy-core's own tests compile
 * these same files, because lucy-core cannot depend on the testkit.
 */
package dev.lucy.testkit.fake;
