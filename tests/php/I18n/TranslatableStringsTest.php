<?php
/**
 * Every user-facing PHP string goes through gettext with the plugin's text domain: the scanner over plugin.php,
 * uninstall.php and includes/ finds nothing, and it does find each kind of mistake it looks for.
 * (The JavaScript side is ESLint's job: .eslintrc.js, checked in src/i18n-lint.test.ts.)
 */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/StringScanner.php';

final class TranslatableStringsTest extends TestCase {

	public function test_the_plugin_has_no_untranslatable_user_facing_string(): void {
		$root  = dirname( __DIR__, 3 );
		$files = array( 'plugin.php' );
		if ( is_file( "$root/uninstall.php" ) ) {
			$files[] = 'uninstall.php';
		}
		$iterator = new RecursiveIteratorIterator(
			new RecursiveDirectoryIterator( "$root/includes", FilesystemIterator::SKIP_DOTS )
		);
		foreach ( $iterator as $file ) {
			if ( 'php' === $file->getExtension() ) {
				$files[] = substr( $file->getPathname(), strlen( $root ) + 1 );
			}
		}
		$this->assertGreaterThan( 30, count( $files ), 'the scan covers includes/' );
		$findings = array();
		foreach ( $files as $file ) {
			$findings = array_merge( $findings, StringScanner::scan_file( "$root/$file", $file ) );
		}
		$this->assertSame(
			array(),
			$findings,
			"Wrap these in __( '…', 'cart-sessions-for-cocart' ):\n" . implode( "\n", $findings )
		);
	}

	/**
	 * @return array<string,array{0:string,1:string}> code => what the finding must say
	 */
	public function mistakes(): array {
		return array(
			'echo'                  => array( 'echo "<p>Nothing here yet.</p>";', 'untranslated text in echo' ),
			'esc_html'              => array( 'echo esc_html( "Saved." . $x );', 'untranslated text in esc_html()' ),
			'WP_Error message'      => array(
				'return new WP_Error( "cart_sessions_bad", "The store is down", array( "status" => 502 ) );',
				'untranslated text in WP_Error()',
			),
			'Errors::make'          => array(
				'return Errors::make( "busy", "Try again later", 503 );',
				'untranslated text in make()',
			),
			'submenu title'         => array(
				'add_submenu_page( "tools.php", "Cart Sessions", $menu, "manage_options", "cs" );',
				'untranslated text in add_submenu_page()',
			),
			'wp_die'                => array( 'wp_die( "Sorry, you cannot." );', 'untranslated text in wp_die()' ),
			'doctor check'          => array(
				'$this->add( "key", $label, "pass", "The store accepts it." );',
				'untranslated text in add()',
			),
			'message key'           => array(
				'$row = array( "message" => "Could not delete it." );',
				"untranslated text in 'message' =>",
			),
			'sprintf format'        => array(
				'$m = sprintf( "%d carts deleted", $n );',
				'untranslated text in sprintf()',
			),
			'missing domain'        => array(
				'$m = __( "Cart Sessions" );',
				"without the text domain 'cart-sessions-for-cocart'",
			),
			'other domain'          => array(
				'$m = __( "Cart Sessions", "woocommerce" );',
				"without the text domain 'cart-sessions-for-cocart'",
			),
			'plural domain'         => array(
				'/* translators: %d: carts */ $m = _n( "%d cart", "%d carts", $n, "default" );',
				"_n() without the text domain",
			),
			'variable text'         => array(
				'$m = __( $text, "cart-sessions-for-cocart" );',
				'not a single string literal',
			),
			'no translators'        => array(
				'$m = sprintf( __( "CoCart %s is active.", "cart-sessions-for-cocart" ), $v );',
				'no /* translators: */ comment',
			),
		);
	}

	/**
	 * @dataProvider mistakes
	 */
	public function test_the_scanner_finds( string $code, string $expected ): void {
		$findings = StringScanner::scan( "<?php\n" . $code . "\n" );
		$this->assertCount( 1, $findings, implode( "\n", $findings ) );
		$this->assertStringContainsString( $expected, $findings[0] );
	}

	public function test_the_scanner_accepts_translated_text_and_code(): void {
		$code = <<<'PHP'
<?php
echo esc_html__( 'Cart Sessions', 'cart-sessions-for-cocart' );
echo '<div class="wrap"><h1>' . esc_html( $title ) . '</h1>';
printf( '<div class="notice notice-error"><p>%s</p></div>', esc_html( $message ) );
$e = new WP_Error(
	'cart_sessions_busy',
	__( 'The store is busy.', 'cart-sessions-for-cocart' ),
	array( 'status' => 503 )
);
/* translators: %d: number of carts */
$m = sprintf( _n( '%d cart', '%d carts', $n, 'cart-sessions-for-cocart' ), $n );
$m = sprintf( /* translators: %s: version */ __( 'CoCart %s', 'cart-sessions-for-cocart' ), $v );
$row = array( 'message' => $error->get_error_message(), 'label' => 'primary' );
$sql = $wpdb->prepare( 'SELECT option_name FROM ' . $table . ' WHERE option_name LIKE %s', $like );
wp_add_inline_script( 'h', sprintf( '( function ( d ) { var data = d; } )( %s );', $json ) );
$x = new WP_Error(
	'http_request_failed',
	__( 'A valid URL was not provided.' ) // phpcs:ignore WordPress.WP.I18n.MissingArgDomain -- core's own message.
);
\WP_CLI::add_command(
	'x',
	$cb,
	array( 'synopsis' => array( array( 'name' => 'dry-run', 'description' => 'Only say what would be deleted.' ) ) )
);
PHP;
		$this->assertSame( array(), StringScanner::scan( $code ) );
	}
}
