// Runs SPARQL SELECT queries with Apache Jena ARQ (Debian's libapache-jena-java) over one data file loaded once:
//   java -cp CLASSPATH RunQueries.java DATA (graph|union) OUTDIR QUERY.rq...
// "graph" queries the file's triples (Turtle); "union" loads a TriG file and queries the union of its named
// graphs. Each QUERY.rq gets OUTDIR/QUERY.srj (SPARQL JSON results) or OUTDIR/QUERY.error (the message).
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;

public class RunQueries {
    public static void main(String[] args) throws Exception {
        Model model;
        if (args[1].equals("union")) {
            Dataset dataset = RDFDataMgr.loadDataset(args[0]);
            model = dataset.getUnionModel();
        } else {
            model = RDFDataMgr.loadModel(args[0]);
        }
        Path out = Path.of(args[2]);
        for (int i = 3; i < args.length; i++) {
            Path file = Path.of(args[i]);
            String name = file.getFileName().toString().replaceFirst("\\.rq$", "");
            try {
                Query query = QueryFactory.create(Files.readString(file, StandardCharsets.UTF_8));
                try (QueryExecution exec = QueryExecutionFactory.create(query, model);
                     OutputStream stream = new FileOutputStream(out.resolve(name + ".srj").toFile())) {
                    ResultSetFormatter.outputAsJSON(stream, exec.execSelect());
                }
            } catch (Exception e) {
                Files.writeString(out.resolve(name + ".error"), String.valueOf(e), StandardCharsets.UTF_8);
            }
        }
    }
}
