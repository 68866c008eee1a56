package dev.lucy.testkit.model;

import org.junit.jupiter.api.AfterEach;

/** A fresh scripted model server per test, and a client that talks to it as an OpenAI client does. */
abstract class ServerFixture {
    final ScriptedModelServer server = ScriptedModelServer.start();
    final OpenAiCalls calls = new OpenAiCalls(server.baseUrl());

    @AfterEach
    void closeServer() {
        server.close();
    }
}
