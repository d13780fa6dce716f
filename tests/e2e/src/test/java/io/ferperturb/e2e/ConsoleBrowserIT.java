package io.ferperturb.e2e;

import static io.ferperturb.e2e.E2eHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Fer2013CsvWriter;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.testsupport.ProjectPaths;
import io.ferperturb.testsupport.ServiceProcess;
import io.ferperturb.testsupport.TestServers;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium (Debian's {@code chromium} + {@code chromium-driver}), against
 * the packaged perturb-, inference- and (when packaged) saliency-service: a photo with two faces is dropped on
 * the page, which must draw a box and the emotion that inference-service answers for each face, and the
 * baseline and perturbed saliency maps side by side. Skipped only where no Chromium or chromedriver exists.
 */
class ConsoleBrowserIT {
    private static final String MODELS_BUCKET = "console-models";
    private static final String BASELINE = "cnn-console-faces";
    private static final String PERTURBED = "cnn-console-faces-perturbed-k3";
    private static final String DATASET = "console-faces";
    private static final Duration PAGE_WAIT = Duration.ofSeconds(60);

    private static final List<ServiceProcess> SERVICES = new ArrayList<>();
    private static ServiceProcess perturb;
    private static ServiceProcess inference;
    private static Optional<ServiceProcess> saliency = Optional.empty();
    private static ChromeDriver browser;

    @BeforeAll
    static void startServicesAndBrowser() throws Exception {
        Optional<Path> chromium = executable("CHROMIUM_BIN", "chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = executable("CHROMEDRIVER_BIN", "chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && driver.isPresent(), "the console's browser test needs Chromium and "
                + "chromedriver on the PATH (Debian: apt-get install chromium chromium-driver); found chromium="
                + chromium.isPresent() + ", chromedriver=" + driver.isPresent());

        TestServers.kafka();
        storeModel(BASELINE, "original");
        storeModel(PERTURBED, "perturbed");
        // the services' own bucket for models, so that other end-to-end tests start without any model
        Map<String, String> serving = Map.of("FER_SERVING_DEVICE", "cpu", "FER_STORAGE_MODELS_BUCKET", MODELS_BUCKET);
        CompletableFuture<ServiceProcess> inferenceStart = CompletableFuture.supplyAsync(
                () -> ServiceProcess.start("inference-service", serving));
        CompletableFuture<Optional<ServiceProcess>> saliencyStart = CompletableFuture.supplyAsync(() ->
                Files.exists(ProjectPaths.root().resolve("saliency-service/target/quarkus-app/quarkus-run.jar"))
                        ? Optional.of(ServiceProcess.start("saliency-service", serving)) : Optional.empty());
        inference = inferenceStart.join();
        SERVICES.add(inference);
        saliency = saliencyStart.join();
        saliency.ifPresent(SERVICES::add);
        Map<String, String> console = new HashMap<>();
        console.put("FER_PERTURB_CONSOLE_INFERENCE_URL", inference.url());
        console.put("FER_PERTURB_CONSOLE_SALIENCY_URL", saliency.map(ServiceProcess::url).orElse("http://127.0.0.1:9"));
        console.put("FER_PERTURB_CONSOLE_TRAINER_URL", "http://127.0.0.1:9");
        perturb = ServiceProcess.start("perturb-service", console);
        SERVICES.add(perturb);

        // the camera is a video file of two drifting faces, allowed without asking
        Path camera = FakeCamera.write(Path.of("target", "fake-camera.y4m"));
        ChromeOptions options = new ChromeOptions().setBinary(chromium.get().toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1360,1000", "--lang=en-GB", "--use-fake-ui-for-media-stream",
                        "--use-fake-device-for-media-stream",
                        "--use-file-for-fake-video-capture=" + camera.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopAll() {
        if (browser != null) {
            browser.quit();
        }
        SERVICES.forEach(ServiceProcess::close);
    }

    @Test
    void aDroppedPhotoShowsEachFaceWithItsPredictedEmotionAndTheSaliencyOfBothModels() throws Exception {
        uploadDataset();
        Path photo = groupPhoto();
        List<String> expected = emotionsFromTheApi(Files.readAllBytes(photo), BASELINE);

        browser.get(perturb.url() + "/");
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        wait.withMessage(ConsoleBrowserIT::whatThePageSays);
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        assertTrue(browser.getCurrentUrl().endsWith("/console/"), "the root redirects to the console: " + browser.getCurrentUrl());
        wait.until(d -> d.findElements(By.cssSelector("#dataset-list tbody tr")).stream()
                .anyMatch(row -> row.getText().contains(DATASET)));
        wait.until(d -> imageLoaded(By.cssSelector("#distribution img")));

        wait.until(d -> d.findElements(By.cssSelector("#perturbed-model option")).stream()
                .anyMatch(o -> PERTURBED.equals(o.getDomAttribute("value"))));
        // which version each alias names: these services serve latest, the newest of the two models
        wait.until(d -> d.findElement(By.id("served-aliases")).getText().contains("latest → "));
        assertTrue(browser.findElement(By.id("served-aliases")).getText().startsWith("served by default: "),
                browser.findElement(By.id("served-aliases")).getText());
        wait.until(d -> d.findElements(By.cssSelector("#predict-model option")).stream()
                .anyMatch(o -> "latest".equals(o.getDomAttribute("value"))));
        new Select(browser.findElement(By.id("predict-model"))).selectByValue(BASELINE);
        new Select(browser.findElement(By.id("baseline-model"))).selectByValue(BASELINE);
        new Select(browser.findElement(By.id("perturbed-model"))).selectByValue(PERTURBED);
        browser.findElement(By.id("photo-input")).sendKeys(photo.toAbsolutePath().toString());

        wait.until(d -> d.findElements(By.cssSelector("#faces .face")).size() == expected.size());
        List<WebElement> boxes = browser.findElements(By.cssSelector("#stage .face-box"));
        assertEquals(expected.size(), boxes.size(), "one box per face");
        for (int i = 0; i < boxes.size(); i++) {
            WebElement box = boxes.get(i);
            assertTrue(box.getSize().getWidth() > 20 && box.getSize().getHeight() > 20, "a visible box: " + box.getSize());
            assertEquals(expected.get(i), box.getDomAttribute("data-emotion"));
            assertTrue(box.getText().contains(expected.get(i)), "the box is labelled with its emotion: " + box.getText());
        }
        assertTrue(browser.findElement(By.id("photo-status")).getText().contains(BASELINE), "names the model that answered");

        int maps = 2 * expected.size();
        if (saliency.isPresent()) {
            wait.until(d -> d.findElements(By.cssSelector("#faces .saliency img")).stream()
                    .filter(img -> imageLoaded(img)).count() == maps);
            assertEquals(List.of("baseline", "perturbed"), browser.findElements(By.cssSelector("#faces .face:first-child .map"))
                    .stream().map(m -> m.getDomAttribute("data-role")).toList(), "side by side");
        } else {
            wait.until(d -> d.findElements(By.cssSelector("#faces .saliency .note")).size() == maps);
        }
        screenshot(Path.of("target", "console.png"));
    }

    @Test
    void theLiveCameraBoxesEachFaceWithASmoothedEmotionThatKeepsUpdating() throws Exception {
        browser.get(perturb.url() + "/");
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        wait.withMessage(ConsoleBrowserIT::whatThePageSays);
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        wait.until(d -> d.findElements(By.cssSelector("#predict-model option")).stream()
                .anyMatch(o -> BASELINE.equals(o.getDomAttribute("value"))));
        new Select(browser.findElement(By.id("predict-model"))).selectByValue(BASELINE);

        browser.findElement(By.id("camera-start")).click();
        wait.until(d -> updatesPerTrack().size() == 2);
        Map<String, Integer> firstUpdates = updatesPerTrack();
        // the same two faces, followed: their tracks keep their ids and take answer after answer
        wait.until(d -> {
            Map<String, Integer> now = updatesPerTrack();
            return now.keySet().equals(firstUpdates.keySet())
                    && now.entrySet().stream().allMatch(e -> e.getValue() >= firstUpdates.get(e.getKey()) + 3);
        });
        List<String> emotions = Stream.of(Emotion.values()).map(Emotion::label).toList();
        @SuppressWarnings("unchecked")
        List<List<String>> labels = (List<List<String>>) browser.executeScript("return [...document.querySelectorAll("
                + "'#camera-faces li')].map(li => [li.dataset.emotion, li.textContent]);");
        for (List<String> label : labels) {
            assertTrue(emotions.contains(label.get(0)) && label.get(1).contains(label.get(0)), label.toString());
        }
        String stats = browser.findElement(By.id("camera-stats")).getText();
        assertTrue(stats.matches("\\d+\\.\\d frames/s · \\d+ ms a frame \\(inference \\d+ ms\\) · " + BASELINE + " v1"), stats);
        Number drawn = (Number) browser.executeScript("const c = document.getElementById('camera-overlay');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;");
        assertTrue(drawn.intValue() > 1000, "boxes, labels and bars are drawn over the video: " + drawn + " pixels");
        screenshot(Path.of("target", "console-camera.png"));

        browser.findElement(By.id("camera-stop")).click();
        wait.until(d -> d.findElement(By.id("camera-status")).getText().equals("Camera stopped."));
        assertEquals(true, browser.executeScript("return document.getElementById('camera-video').srcObject === null"));
    }

    @Test
    void theCameraKeepsAFacesLabelThroughOneOddFrameAndFollowsFacesByOverlap() {
        browser.get(perturb.url() + "/");
        new WebDriverWait(browser, PAGE_WAIT).until(d -> "true".equals(d.findElement(By.tagName("body"))
                .getDomAttribute("data-ready")));
        // four answers say happy, the fifth says sad by a little: the window's mean stays happy; a far box is new
        @SuppressWarnings("unchecked")
        List<Object> result = (List<Object>) browser.executeScript("""
                const tracks = new FaceTracks(5);
                const happy = {happy: 0.6, sad: 0.3, neutral: 0.1};
                const sad = {happy: 0.35, sad: 0.45, neutral: 0.2};
                let seen;
                for (let i = 0; i < 4; i++) seen = tracks.update([{box: [100 + 4 * i, 100, 80, 80], probabilities: happy}]);
                seen = tracks.update([{box: [118, 102, 80, 80], probabilities: sad},
                                      {box: [400, 100, 80, 80], probabilities: sad}]);
                const far = () => tracks.update([{box: [402, 98, 80, 80], probabilities: sad}]);
                far();
                far();
                const kept = tracks.tracks.length;
                const later = far();
                return [seen[0].id, seen[0].emotion, seen[0].updates, seen[1].id, seen[1].emotion, kept, later[0].id,
                        tracks.tracks.length];""");
        assertEquals(List.of(1L, "happy", 5L, 2L, "sad", 2L, 2L, 1L), result, "one track through the odd frame, a "
                + "second one for the far box, the first kept through two missed answers and forgotten at the third");
    }

    /** Each face track in view and how many answers it has taken. */
    private static Map<String, Integer> updatesPerTrack() {
        // read in one script: the list is redrawn with every answer
        @SuppressWarnings("unchecked")
        Map<String, Object> updates = (Map<String, Object>) browser.executeScript("return Object.fromEntries("
                + "[...document.querySelectorAll('#camera-faces li')].map(li => [li.dataset.track, li.dataset.updates]));");
        Map<String, Integer> counts = new HashMap<>();
        updates.forEach((track, n) -> counts.put(track, Integer.parseInt(String.valueOf(n))));
        return counts;
    }

    private static void uploadDataset() throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        try (Fer2013CsvWriter writer = new Fer2013CsvWriter(csv)) {
            new SyntheticFaceGenerator(11).dataset(40, Imbalance.NONE).forEach(writer::write);
        }
        HttpResponse<String> r = post(perturb.url() + "/datasets/" + DATASET + "?train=false&replace=true", "text/csv",
                csv.toByteArray());
        assertEquals(202, r.statusCode(), r.body());
    }

    /** What inference-service itself answers for the photo: the console must show exactly this. */
    private static List<String> emotionsFromTheApi(byte[] photo, String model) throws Exception {
        HttpResponse<String> r = post(inference.url() + "/predict?faces=auto&model=" + model, "image/png", photo);
        assertEquals(200, r.statusCode(), r.body());
        List<String> emotions = new ArrayList<>();
        JsonNode faces = Json.MAPPER.readTree(r.body()).get("faces");
        faces.forEach(f -> emotions.add(f.get("emotion").asText()));
        assertEquals(2, emotions.size(), "the detector finds both drawn faces: " + r.body());
        return emotions;
    }

    /** Two enlarged synthetic faces on a plain backdrop, as a PNG file the browser can upload. */
    private static Path groupPhoto() throws IOException {
        SyntheticFaceGenerator faces = new SyntheticFaceGenerator(2024);
        BufferedImage photo = new BufferedImage(720, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(new Color(196, 204, 214));
        g.fillRect(0, 0, photo.getWidth(), photo.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(FacePreprocessing.toImage(faces.draw(Emotion.HAPPY, 1)), 50, 70, 260, 260, null);
        g.drawImage(FacePreprocessing.toImage(faces.draw(Emotion.SURPRISE, 2)), 420, 100, 220, 220, null);
        g.dispose();
        Path file = Files.createDirectories(Path.of("target")).resolve("console-photo.png");
        ImageIO.write(photo, "png", file.toFile());
        return file;
    }

    /** An untrained cnn checkpoint as the trainer writes it: what the console shows needs no trained weights. */
    private static void storeModel(String modelId, String variant) {
        E2eCheckpoints.storeUntrained(MODELS_BUCKET, modelId, 1, DATASET, variant);
    }

    private static boolean imageLoaded(By selector) {
        return browser.findElements(selector).stream().anyMatch(ConsoleBrowserIT::imageLoaded);
    }

    private static boolean imageLoaded(WebElement img) {
        Object width = browser.executeScript("return arguments[0].complete && arguments[0].naturalWidth", img);
        return width instanceof Number n && n.intValue() > 0;
    }

    /** The page's status line and notes, for the message of a failed wait. */
    private static String whatThePageSays() {
        List<String> lines = new ArrayList<>();
        browser.findElements(By.cssSelector(".status, .note, .error")).forEach(e -> lines.add(e.getText()));
        return "the page says " + lines;
    }

    /** The whole page, not only the window (Chromium's DevTools capture beyond the viewport). */
    private static void screenshot(Path file) throws IOException {
        Number width = (Number) browser.executeScript("return document.documentElement.scrollWidth");
        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** The first of the names found: the environment variable's path, else on the PATH. */
    private static Optional<Path> executable(String variable, String... names) {
        String given = System.getenv(variable);
        if (given != null && Files.isExecutable(Path.of(given))) {
            return Optional.of(Path.of(given));
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(names).flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }
}
