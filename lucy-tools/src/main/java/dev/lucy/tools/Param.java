package dev.lucy.tools;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one argument of a {@link ToolMethod}, or one field of a record used as an argument type. The
 * description ends up in the schema the model reads.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
public @interface Param {
    /** What the argument means, written for the model. */
    String value() default "";

    /** The argument name; defaults to the parameter name (compile with {@code -parameters}). */
    String name() default "";

    /** Whether the model must supply it; optional arguments arrive as null (or empty for Optional). */
    boolean required() default true;
}
