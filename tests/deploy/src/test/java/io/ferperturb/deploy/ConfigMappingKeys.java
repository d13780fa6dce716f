package io.ferperturb.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The property names a {@code @ConfigMapping} interface reads, as SmallRye Config derives them: the prefix,
 * then each method in kebab case (or its {@code @WithName}), nested groups recursively.
 */
record ConfigMappingKeys(Set<String> keys, Set<String> required) {

    static ConfigMappingKeys of(Class<?> mapping) {
        ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
        if (annotation == null) {
            throw new IllegalArgumentException(mapping + " has no @ConfigMapping");
        }
        ConfigMappingKeys result = new ConfigMappingKeys(new TreeSet<>(), new TreeSet<>());
        result.collect(annotation.prefix(), mapping, false);
        return result;
    }

    private void collect(String prefix, Class<?> group, boolean optionalGroup) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = method.isAnnotationPresent(WithParentName.class) ? prefix
                    : join(prefix, method.isAnnotationPresent(WithName.class)
                            ? method.getAnnotation(WithName.class).value() : kebab(method.getName()));
            Class<?> type = method.getReturnType();
            boolean optional = type == Optional.class || type == OptionalInt.class || type == OptionalLong.class
                    || type == OptionalDouble.class;
            Class<?> valueType = type == Optional.class ? typeArgument(method.getGenericReturnType()) : type;
            if (isGroup(valueType)) {
                collect(name, valueType, optionalGroup || optional);
            } else {
                keys.add(name);
                if (!optional && !optionalGroup && !method.isAnnotationPresent(WithDefault.class)) {
                    required.add(name);
                }
            }
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    private static Class<?> typeArgument(Type type) {
        if (type instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> argument) {
            return argument;
        }
        return Object.class;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + '.' + name;
    }

    /** SmallRye's default naming strategy: {@code accessKey} → {@code access-key}, {@code s3URL} → {@code s3-url}. */
    static String kebab(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLower = i > 0 && !Character.isUpperCase(name.charAt(i - 1));
                boolean endOfAcronym = i > 0 && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (afterLower || endOfAcronym) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
