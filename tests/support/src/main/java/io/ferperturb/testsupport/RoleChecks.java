package io.ferperturb.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * One request of a service, sent without a token or with one of {@link TestTokens}, and what a role check must
 * answer: 401 ({@code unauthorized}, {@code invalid-token}) or 403 ({@code forbidden}, naming the role needed) as
 * the contract's JSON error, or anything else when the caller's role suffices.
 *
 * @param method GET, POST, PUT or DELETE
 * @param path the path with its query
 * @param contentType the body's media type, null without a body
 * @param body the body, null without one
 */
public record RoleChecks(String method, String path, String contentType, byte[] body) {

    public static RoleChecks get(String path) {
        return new RoleChecks("GET", path, null, null);
    }

    public static RoleChecks post(String path, String contentType, byte[] body) {
        return new RoleChecks("POST", path, contentType, body);
    }

    public static RoleChecks put(String path, String contentType, byte[] body) {
        return new RoleChecks("PUT", path, contentType, body);
    }

    public static RoleChecks delete(String path) {
        return new RoleChecks("DELETE", path, null, null);
    }

    /** The call without a token: 401 {@code unauthorized} with a Bearer challenge. */
    public void refusedWithoutToken() {
        send(null).statusCode(401).header("WWW-Authenticate", startsWith("Bearer"))
                .body("code", equalTo("unauthorized")).body("error", containsString("bearer token"));
    }

    /** The call with a token the service does not trust (another key): 401 {@code invalid-token}. */
    public void refusedWithAForeignToken() {
        send(TestTokens.signedByAnotherKey("admin")).statusCode(401).body("code", equalTo("invalid-token"));
    }

    /** The call with a token of these groups: 403 {@code forbidden}, saying which role it needs. */
    public void forbiddenTo(String needed, String... groups) {
        send(TestTokens.withGroups(groups)).statusCode(403).body("code", equalTo("forbidden"))
                .body("error", containsString("'" + needed + "'"));
    }

    /** The call with a token of these groups passes the role check: whatever it answers, not 401 or 403. */
    public ValidatableResponse allowedTo(String... groups) {
        return send(TestTokens.withGroups(groups)).statusCode(not(is(oneOf(401, 403))));
    }

    /** The call without any token passes: an endpoint open to the cluster. */
    public ValidatableResponse open() {
        return send(null).statusCode(not(is(oneOf(401, 403))));
    }

    private ValidatableResponse send(String token) {
        RequestSpecification request = given();
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        if (body != null) {
            request = request.contentType(contentType).body(body);
        }
        return request.when().request(method, path).then();
    }
}
