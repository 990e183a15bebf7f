<?php
/**
 * readme.txt stays true to the code: its header matches plugin.php, every message its FAQ quotes is one the
 * plugin really gives (so a store manager who searches for the text on their screen finds the answer), and every
 * connection-doctor check is in its troubleshooting list.
 */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

final class ReadmeTest extends TestCase {

	private function root(): string {
		return dirname( __DIR__, 3 );
	}

	private function readme(): string {
		return (string) file_get_contents( $this->root() . '/readme.txt' );
	}

	public function test_the_header_matches_the_plugin(): void {
		$plugin = get_file_data(
			$this->root() . '/plugin.php',
			array(
				'version'  => 'Version',
				'requires' => 'Requires at least',
				'php'      => 'Requires PHP',
				'name'     => 'Plugin Name',
			)
		);
		$readme = $this->readme();
		$this->assertStringStartsWith( '=== ' . $plugin['name'] . ' ===', $readme );
		$this->assertStringContainsString( 'Stable tag: ' . $plugin['version'] . "\n", $readme );
		$this->assertStringContainsString( 'Requires at least: ' . $plugin['requires'] . "\n", $readme );
		$this->assertStringContainsString( 'Requires PHP: ' . $plugin['php'] . "\n", $readme );
		$this->assertStringContainsString( 'License: GPLv2 or later', $readme );
	}

	public function test_every_message_the_faq_quotes_is_one_the_plugin_gives(): void {
		$source = '';
		$files = new RecursiveIteratorIterator(
			new RecursiveDirectoryIterator( $this->root() . '/includes', FilesystemIterator::SKIP_DOTS )
		);
		foreach ( $files as $file ) {
			$source .= file_get_contents( $file->getPathname() );
		}
		foreach ( glob( $this->root() . '/src/{,*/,*/*/}*.tsx', GLOB_BRACE ) ?: array() as $file ) {
			$source .= file_get_contents( $file );
		}
		preg_match_all( '/^= (.+) =$/m', $this->readme(), $headings );
		$quoted = array();
		foreach ( $headings[1] as $heading ) {
			preg_match_all( '/"([^"]+)"/', $heading, $m );
			$quoted = array_merge( $quoted, $m[1] );
		}
		$this->assertGreaterThanOrEqual( 12, count( $quoted ), 'the FAQ is keyed to messages' );
		$missing = array();
		foreach ( $quoted as $message ) {
			// "…" stands for a part that varies (a URL, a number, the store's own words).
			foreach ( preg_split( '/\s*…\s*/u', $message ) as $fragment ) {
				$fragment = trim( $fragment, " .:\t" );
				if ( mb_strlen( $fragment ) >= 8 && false === strpos( $source, $fragment ) ) {
					$missing[] = $fragment;
				}
			}
		}
		$this->assertSame( array(), $missing, 'readme.txt quotes these, but the plugin does not say them' );
	}

	public function test_the_troubleshooting_list_has_every_doctor_check(): void {
		$readme = $this->readme();
		$this->assertMatchesRegularExpression( '/== Troubleshooting ==/', $readme );
		$labels = \CartSessions\CoCart\DoctorReport::labels();
		$this->assertGreaterThanOrEqual( 12, count( $labels ) );
		$troubleshooting = substr( $readme, (int) strpos( $readme, '== Troubleshooting ==' ) );
		foreach ( $labels as $label ) {
			$this->assertStringContainsString( '**' . $label . '**', $troubleshooting );
		}
	}

	public function test_the_self_signed_certificate_mu_plugin_in_the_faq_makes_the_plugin_trust_that_store(): void {
		$readme = $this->readme();
		$this->assertSame(
			1,
			preg_match( '/```\n(<\?php\n.*?\n\}, 10, 2 \);)\n```/s', $readme, $m ),
			'the FAQ has the mu-plugin'
		);
		$store = CART_SESSIONS_TEST_HTTPS_URL . '/';
		// bin/local-wp's self-signed certificate.
		$cert  = ( getenv( 'LOCAL_WP_DIR' ) ?: $this->root() . '/.local-wp' ) . '/tls/cert.pem';
		$this->assertFileExists( $cert );
		$code = str_replace(
			array( "'https://staging.example.com/'", "WP_CONTENT_DIR . '/staging-store.pem'" ),
			array( var_export( $store, true ), var_export( $cert, true ) ),
			substr( $m[1], strlen( "<?php\n" ) ),
			$count
		);
		$this->assertSame( 2, $count, 'the store address and the certificate path are where the FAQ says' );
		$before = count( $GLOBALS['wp_filter']['https_ssl_verify']->callbacks[10] ?? array() );
		// phpcs:ignore Squiz.PHP.Eval.Discouraged -- the readme's own snippet, as a store manager would paste it.
		eval( $code );
		try {
			$this->assertSame( $cert, apply_filters( 'https_ssl_verify', true, $store . 'wp-json/cocart/v2/store' ) );
			$this->assertTrue(
				apply_filters( 'https_ssl_verify', true, 'https://example.org/' ),
				'other hosts keep the normal check'
			);
			$key = \CoCartDouble\Control::create_key( 1, 'read' );
			( new \CartSessions\Credentials\Settings() )->save(
				array(
					'store_url'       => CART_SESSIONS_TEST_HTTPS_URL,
					'consumer_key'    => $key['consumer_key'],
					'consumer_secret' => $key['consumer_secret'],
				)
			);
			$answer = ( new \CartSessions\CoCart\Client() )->request(
				'GET',
				'cocart/v2/store',
				array(),
				array( 'anonymous' => true )
			);
			$this->assertInstanceOf(
				\CartSessions\CoCart\Response::class,
				$answer,
				is_wp_error( $answer ) ? $answer->get_error_message() : ''
			);
		} finally {
			$callbacks = $GLOBALS['wp_filter']['https_ssl_verify']->callbacks[10] ?? array();
			foreach ( array_slice( $callbacks, $before, null, true ) as $callback ) {
				remove_filter( 'https_ssl_verify', $callback['function'], 10 );
			}
			delete_option( \CartSessions\Credentials\Settings::OPTION );
			delete_option( \CartSessions\Credentials\Settings::STATE_OPTION );
		}
	}
}
