package dev.lucy.tools;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method as a tool; {@link AnnotatedTools#from(Object)} turns it into a {@link Tool} whose argument
 * schema is generated from the method's parameter types.
 *
 * <p>A parameter of type {@link dev.lucy.core.Caller} receives the caller and is not part of the schema. The
 * method may return a {@link dev.lucy.core.spi.ToolResult}, a {@link String} (sent as is), any other object
 * (sent as JSON) or nothing ({@code {"ok":true}}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ToolMethod {
    /** The tool name; defaults to the method name in snake_case. */
    String name() default "";

    /** What the tool does and when to use it, written for the model. */
    String description();

    String provider() default Tool.BUILT_IN_PROVIDER;

    String[] scopes() default {};

    String[] tags() default {};

    SideEffect sideEffect() default SideEffect.READ;

    boolean idempotent() default false;

    /** The time budget as an ISO-8601 duration ({@code PT5S}); empty means {@link Tool#DEFAULT_TIMEOUT}. */
    String timeout() default "";
}
