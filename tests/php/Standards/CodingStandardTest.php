<?php
/**
 * The project's PHP CodeSniffer rules fire where they should: an upward dependency between layers (through `use`
 * or a qualified name), an unused import, a camelCase method. Each case is a small file written to a temporary
 * includes/ tree and checked with the project's phpcs.xml.dist, exactly as `bin/test lint` checks the code.
 */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

final class CodingStandardTest extends TestCase {

	/**
	 * A temporary plugin tree holding the files under check.
	 *
	 * @var string
	 */
	private $tree = '';

	protected function setUp(): void {
		parent::setUp();
		if ( '' === (string) shell_exec( 'command -v phpcs' ) ) {
			$this->fail( 'phpcs is not installed: run bin/local-wp deps (Debian package php-codesniffer).' );
		}
		$this->tree = sys_get_temp_dir() . '/cart-sessions-phpcs-' . bin2hex( random_bytes( 4 ) );
	}

	protected function tearDown(): void {
		exec( 'rm -rf ' . escapeshellarg( $this->tree ) );
		parent::tearDown();
	}

	public function test_a_sessions_class_importing_a_rest_class_is_an_upward_dependency(): void {
		$errors = $this->sniff(
			'Sessions/Lister.php',
			<<<'PHP'
			namespace CartSessions\Sessions;

			use CartSessions\Rest\AfterResponse;

			final class Lister {
				public function run(): void {
					AfterResponse::send();
				}
			}
			PHP
		);
		$this->assertContains( 'CartSessions.Architecture.Layers.Upward', $errors );
	}

	public function test_a_qualified_upward_name_without_use_is_caught_too(): void {
		$errors = $this->sniff(
			'CoCart/Thing.php',
			<<<'PHP'
			namespace CartSessions\CoCart;

			final class Thing {
				public function run(): void {
					\CartSessions\Sessions\Service::error();
				}
			}
			PHP
		);
		$this->assertContains( 'CartSessions.Architecture.Layers.Upward', $errors );
	}

	public function test_a_downward_and_a_same_layer_import_pass(): void {
		$errors = $this->sniff(
			'Cleanup/Thing.php',
			<<<'PHP'
			namespace CartSessions\Cleanup;

			use CartSessions\Insights\Stats;
			use CartSessions\Sessions\Query;

			final class Thing {
				public function run(): void {
					new Stats();
					new Query();
				}
			}
			PHP
		);
		$this->assertSame( array(), $errors );
	}

	public function test_an_import_nothing_uses_is_reported(): void {
		$errors = $this->sniff(
			'Sessions/Thing.php',
			<<<'PHP'
			namespace CartSessions\Sessions;

			use CartSessions\CoCart\Client;
			use CartSessions\CoCart\Errors;

			final class Thing {
				/**
				 * @param Client $client The client.
				 */
				public function run( $client ): void {
					unset( $client );
				}
			}
			PHP
		);
		$this->assertSame(
			array( 'CartSessions.Namespaces.UnusedUse.Found' ),
			$errors,
			'Errors is unused; Client is used in a docblock type.'
		);
	}

	public function test_a_camel_case_method_is_reported(): void {
		$errors = $this->sniff(
			'Sessions/Thing.php',
			<<<'PHP'
			namespace CartSessions\Sessions;

			final class Thing {
				public function fetchAll(): void {
				}
			}
			PHP
		);
		$this->assertSame( array( 'CartSessions.NamingConventions.SnakeCaseFunction.NotSnakeCase' ), $errors );
	}

	/**
	 * Writes $code as includes/$path of a temporary tree and returns the sniff codes phpcs reports for it.
	 *
	 * @param string $path Path under includes/.
	 * @param string $code PHP code after the opening tag and strict types.
	 * @return string[]
	 */
	private function sniff( string $path, string $code ): array {
		$file = $this->tree . '/includes/' . $path;
		mkdir( dirname( $file ), 0777, true );
		file_put_contents( $file, "<?php\n/**\n * A file under check.\n */\n\ndeclare(strict_types=1);\n\n" . $code );
		$standard = dirname( __DIR__, 3 ) . '/phpcs.xml.dist';
		$command  = 'phpcs -q --report=json --standard=' . escapeshellarg( $standard ) . ' ' . escapeshellarg( $file );
		$json     = (string) shell_exec( $command . ' 2>&1' );
		$report   = json_decode( $json, true );
		$this->assertIsArray( $report, 'phpcs answered: ' . $json );
		$codes = array();
		foreach ( $report['files'] as $found ) {
			foreach ( $found['messages'] as $message ) {
				$codes[] = $message['source'];
			}
		}
		return $codes;
	}
}
