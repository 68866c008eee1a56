package dev.lucy.core.model;

/** Whether the model may, must or must not call tools on this request. */
public enum ToolChoice {
    AUTO,
    REQUIRED,
    NONE
}
