package io.ferperturb.inference.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.inference.TestCheckpoints;
import io.ferperturb.inference.TestVideos;
import io.ferperturb.inference.video.VideoFile;
import io.ferperturb.synthetic.MovingFaces;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code /videos} against the real Kafka broker and S3 server: a clip of two real faces written by FFmpeg goes
 * through the job (sampling, detection, tracking, batched classification, smoothing), its timeline is read as JSON
 * and CSV, the annotated copy decodes; videos beyond each limit, and bodies that are no video, are refused with 4xx.
 */
@QuarkusTest
@Order(4)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class VideoResourceTest {
    static final String MODEL = "cnn-video-test";

    @BeforeAll
    static void storeTheModel() throws Exception {
        TestCheckpoints.store(MODEL, 1, -1, false);
    }

    @Test
    void twoFacesGiveTwoStableTracksWhoseTimelinesCoverEverySampledFrame() throws Exception {
        MovingFaces clip = TestVideos.twoFaces();
        byte[] video = TestVideos.mp4(clip, 640, 480, 30, 10); // 3 s at 10 fps
        Response accepted = given().contentType("video/mp4").body(video)
                .when().post("/videos?fps=5&annotated=true&model=" + MODEL)
                .then().statusCode(202).header("Location", containsString("/videos/"))
                .body("state", equalTo("queued")).body("framesExpected", equalTo(15)).extract().response();
        String id = accepted.jsonPath().getString("id");
        JsonPath status = awaitDone(id);
        assertEquals(15, status.getInt("framesDone"));
        assertEquals("/videos/" + id + "/timeline", status.getString("timeline"));

        JsonPath timeline = given().when().get("/videos/" + id + "/timeline").then().statusCode(200)
                .contentType(containsString("application/json")).extract().jsonPath();
        assertEquals(MODEL, timeline.getString("model"));
        assertEquals(15, timeline.getInt("sampledFrames"));
        List<Map<String, Object>> frames = timeline.getList("frames");
        assertEquals(15, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(i, timeline.getInt("frames[" + i + "].frame"));
            assertEquals(i * 0.2, timeline.getDouble("frames[" + i + "].timeS"), 0.051);
            List<Integer> tracks = timeline.getList("frames[" + i + "].faces.track");
            assertEquals(Set.of(1, 2), new HashSet<>(tracks), "frame " + i + " should show both faces on their tracks");
            for (int f = 0; f < 2; f++) {
                String face = "frames[" + i + "].faces[" + f + "]";
                List<Integer> box = timeline.getList(face + ".box");
                int[] place = clip.movers().get(timeline.getInt(face + ".track") - 1).place(i * 2);
                int cx = box.get(0) + box.get(2) / 2;
                int cy = box.get(1) + box.get(3) / 2;
                assertTrue(cx > place[0] && cx < place[0] + place[2] && cy > place[1] && cy < place[1] + place[3],
                        "track " + timeline.getInt(face + ".track") + " at frame " + i + ": box " + box
                                + " should lie on its face at " + List.of(place[0], place[1], place[2]));
                Map<String, Float> p = timeline.getMap(face + ".probabilities");
                assertEquals(Emotion.COUNT, p.size());
                assertEquals(1.0, p.values().stream().mapToDouble(Float::doubleValue).sum(), 1e-4);
                Map<String, Float> smoothed = timeline.getMap(face + ".smoothed");
                assertEquals(1.0, smoothed.values().stream().mapToDouble(Float::doubleValue).sum(), 1e-4);
            }
        }
        assertEquals(List.of(1, 2), timeline.getList("tracks.track"));
        for (int t = 0; t < 2; t++) {
            assertEquals(15, timeline.getInt("tracks[" + t + "].frames"));
            assertEquals(0.0, timeline.getDouble("tracks[" + t + "].firstSeenS"), 1e-9);
            assertEquals(2.8, timeline.getDouble("tracks[" + t + "].lastSeenS"), 0.051);
            Map<String, Float> shares = timeline.getMap("tracks[" + t + "].shares");
            assertEquals(1.0, shares.values().stream().mapToDouble(Float::doubleValue).sum(), 1e-6);
            assertTrue(shares.get(timeline.getString("tracks[" + t + "].dominant")) >= 1.0 / Emotion.COUNT);
        }

        String csv = given().when().get("/videos/" + id + "/timeline?format=csv").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        assertCsvAgreesWithJson(csv, timeline);

        byte[] annotated = given().when().get("/videos/" + id + "/annotated").then().statusCode(200)
                .contentType("video/mp4").extract().asByteArray();
        Path copy = Files.createTempFile("annotated", ".mp4");
        try {
            Files.write(copy, annotated);
            VideoFile.Info info = VideoFile.probe(copy);
            assertEquals(640, info.width());
            assertEquals(480, info.height());
            assertEquals(30, VideoFile.sample(copy, 10, new io.ferperturb.inference.video.VideoLimits(1 << 30, 600,
                    1920, 1080, 6000, 5, 30), (i, t, image) -> { }));
        } finally {
            Files.delete(copy);
        }
    }

    @Test
    void aVideoBeyondALimitIs413NamingTheSetting() {
        byte[] large = new byte[5 * 1024 * 1024]; // above the test profile's 4 MiB
        new Random(1).nextBytes(large);
        post(large, "").statusCode(413).body("code", equalTo("limit-exceeded"))
                .body("error", containsString("fer.inference.videos.max-upload-bytes"));
        byte[] tenMinutesAndMore = TestVideos.plain(32, 32, 601, 1);
        post(tenMinutesAndMore, "").statusCode(413).body("code", equalTo("limit-exceeded"))
                .body("error", containsString("fer.inference.videos.max-duration-s"));
        byte[] wide = TestVideos.plain(1922, 64, 2, 10);
        post(wide, "").statusCode(413).body("code", equalTo("limit-exceeded"))
                .body("error", containsString("fer.inference.videos.max-width"));
        byte[] twoHundredSeconds = TestVideos.plain(32, 32, 6030, 30); // 6,030 frames at fps=30, over 6,000
        post(twoHundredSeconds, "&fps=30").statusCode(413).body("code", equalTo("limit-exceeded"))
                .body("error", containsString("fer.inference.videos.max-sampled-frames"));
    }

    @Test
    void whatIsNotAVideoIs415AndBadParametersAre400() {
        post("a plain text, not a video".getBytes(StandardCharsets.UTF_8), "").statusCode(415)
                .body("code", equalTo("unsupported-video-format")).body("error", containsString("MP4, WebM or AVI"));
        post(new byte[0], "").statusCode(415).body("error", containsString("empty"));
        byte[] video = TestVideos.plain(64, 64, 10, 10);
        post(video, "&fps=0").statusCode(400).body("error", containsString("fps"));
        post(video, "&fps=1000").statusCode(400).body("error", containsString("fps"));
        post(video, "&detector=mystery").statusCode(400).body("error", containsString("haar"));
        given().contentType("video/mp4").body(video).when().post("/videos?model=cnn-nobody-has")
                .then().statusCode(404);
        given().contentType("video/mp4").body(video).when().post("/videos?tta=true&model=" + MODEL)
                .then().statusCode(400).body("error", containsString("tta"));
        given().when().get("/videos/0b4bd0e4-1f0a-4a3c-9c1e-6f5ed4c1e9aa").then().statusCode(404)
                .body("code", equalTo("unknown-video"));
        given().when().get("/videos/../../models").then().statusCode(404);
    }

    @Test
    void aVideoWithoutFacesHasEveryFrameAndNoTrack() {
        String id = given().contentType("video/mp4").body(TestVideos.plain(160, 120, 20, 10))
                .when().post("/videos?fps=2&model=" + MODEL).then().statusCode(202).extract().jsonPath().getString("id");
        awaitDone(id);
        given().when().get("/videos/" + id + "/timeline").then().statusCode(200)
                .body("sampledFrames", equalTo(4)).body("frames.size()", equalTo(4))
                .body("tracks.size()", equalTo(0)).body("frames[3].faces.size()", equalTo(0));
        given().when().get("/videos/" + id + "/annotated").then().statusCode(404).body("code", equalTo("not-asked"));
    }

    private static io.restassured.response.ValidatableResponse post(byte[] body, String query) {
        return given().contentType("video/mp4").body(body).when().post("/videos?model=" + MODEL + query).then();
    }

    private static JsonPath awaitDone(String id) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = given().when().get("/videos/" + id).then().statusCode(200).body("id", equalTo(id))
                    .body("framesExpected", notNullValue()).extract().jsonPath();
            assertNotEquals("failed", last[0].getString("state"), last[0].getString("error"));
            return "done".equals(last[0].getString("state"));
        });
        return last[0];
    }

    /** Every CSV row is one face of one frame, with the JSON's track, box, emotions and probabilities. */
    private static void assertCsvAgreesWithJson(String csv, JsonPath timeline) {
        String[] lines = csv.strip().split("\n");
        List<String> classes = timeline.getList("classes");
        String[] header = lines[0].split(",");
        assertEquals(9 + 2 * classes.size(), header.length, lines[0]);
        int row = 1;
        List<Map<String, Object>> frames = timeline.getList("frames");
        for (int i = 0; i < frames.size(); i++) {
            List<Map<String, Object>> faces = timeline.getList("frames[" + i + "].faces");
            for (int f = 0; f < faces.size(); f++) {
                String face = "frames[" + i + "].faces[" + f + "]";
                String[] cells = lines[row++].split(",");
                assertEquals(timeline.getInt("frames[" + i + "].frame"), Integer.parseInt(cells[0]));
                assertEquals(timeline.getDouble("frames[" + i + "].timeS"), Double.parseDouble(cells[1]), 1e-5);
                assertEquals(timeline.getInt(face + ".track"), Integer.parseInt(cells[2]));
                List<Integer> box = timeline.getList(face + ".box");
                for (int k = 0; k < 4; k++) {
                    assertEquals(box.get(k), Integer.parseInt(cells[3 + k]));
                }
                assertEquals(timeline.getString(face + ".emotion"), cells[7]);
                assertEquals(timeline.getString(face + ".smoothedEmotion"), cells[8]);
                for (int c = 0; c < classes.size(); c++) {
                    assertEquals("p_" + classes.get(c), header[9 + c]);
                    assertEquals(timeline.getDouble(face + ".probabilities." + classes.get(c)),
                            Double.parseDouble(cells[9 + c]), 1e-5);
                    assertEquals(timeline.getDouble(face + ".smoothed." + classes.get(c)),
                            Double.parseDouble(cells[9 + classes.size() + c]), 1e-5);
                }
            }
        }
        assertEquals(lines.length, row, "one CSV row per face, no more");
    }
}
