// Prints every OWL 2 DL profile violation the OWL API (Debian's libowlapi-java) finds in an ontology file, one
// per line, or nothing; exit code 2 when the file cannot be parsed. Run with the source launcher:
//   java -cp "/usr/share/java/*" ProfileCheck.java ontology.ttl
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        } catch (Exception e) {
            System.err.println("cannot parse: " + e.getMessage());
            System.exit(2);
            return;
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation v : report.getViolations()) {
            System.out.println(v.getClass().getSimpleName() + "\t" + v.toString().replace('\n', ' '));
        }
    }
}
