<?php
/**
 * The app's strings are translatable at runtime, including those in the Sessions chunk that webpack loads later
 * (WordPress only knows build/index.js as a script): a translation file for build/sessions.js, named the way
 * language packs name it, reaches wp.i18n before the app starts.
 */

declare(strict_types=1);

use CartSessions\Admin\Page;
use CartSessions\I18n;

final class ScriptTranslationsTest extends WpTestCase {

	/** @var string[] */
	private $files = array();

	/** @var WP_Scripts|null */
	private $scripts_before;

	protected function setUp(): void {
		parent::setUp();
		$this->scripts_before   = $GLOBALS['wp_scripts'] ?? null;
		$GLOBALS['wp_scripts'] = new WP_Scripts();
		$this->add_test_filter(
			'determine_locale',
			static function (): string {
				return 'de_DE';
			}
		);
	}

	protected function tearDown(): void {
		foreach ( $this->files as $file ) {
			@unlink( $file ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- may already be gone.
		}
		$GLOBALS['wp_scripts'] = $this->scripts_before;
		parent::tearDown();
	}

	private function write_translation( string $relative_script, string $original, string $translated ): void {
		$dir = WP_LANG_DIR . '/plugins';
		wp_mkdir_p( $dir );
		$file = $dir . '/' . I18n::DOMAIN . '-de_DE-' . md5( $relative_script ) . '.json';
		file_put_contents(
			$file,
			(string) wp_json_encode(
				array(
					'domain'      => 'messages',
					'locale_data' => array(
						'messages' => array(
							''        => array( 'domain' => 'messages', 'lang' => 'de_DE' ),
							$original => array( $translated ),
						),
					),
				)
			)
		);
		$this->files[] = $file;
	}

	public function test_the_sessions_chunk_translations_are_handed_to_wp_i18n_before_the_app(): void {
		$this->assertFileExists(
			CART_SESSIONS_DIR . '/build/sessions.js',
			'npm run build made the lazy Sessions chunk'
		);
		$this->write_translation(
			'build/sessions.js',
			'Search key, name or email',
			'Schlüssel, Name oder E-Mail suchen'
		);
		wp_register_script(
			Page::SCRIPT_HANDLE,
			plugins_url( 'build/index.js', CART_SESSIONS_FILE ),
			array( 'wp-i18n' ),
			'1',
			true
		);

		I18n::add_chunk_translations( Page::SCRIPT_HANDLE, '1' );

		$before = implode( "\n", (array) wp_scripts()->get_data( Page::SCRIPT_HANDLE, 'before' ) );
		$this->assertStringContainsString( 'wp.i18n.setLocaleData', $before );
		$this->assertStringContainsString( '"cart-sessions-for-cocart"', $before );
		$this->assertStringContainsString( 'Schl\u00fcssel, Name oder E-Mail suchen', $before );
	}

	public function test_nothing_is_added_when_there_is_no_translation_for_the_locale(): void {
		wp_register_script(
			Page::SCRIPT_HANDLE,
			plugins_url( 'build/index.js', CART_SESSIONS_FILE ),
			array( 'wp-i18n' ),
			'1',
			true
		);
		I18n::add_chunk_translations( Page::SCRIPT_HANDLE, '1' );
		$this->assertSame( array(), array_filter( (array) wp_scripts()->get_data( Page::SCRIPT_HANDLE, 'before' ) ) );
	}

	public function test_the_plugin_registers_its_languages_folder_on_init(): void {
		global $wp_filter;
		$found = false;
		foreach ( $wp_filter['init']->callbacks as $callbacks ) {
			foreach ( $callbacks as $callback ) {
				$found = $found || (
					is_array( $callback['function'] )
					&& $callback['function'][0] instanceof I18n
					&& 'load_textdomain' === $callback['function'][1]
				);
			}
		}
		$this->assertTrue( $found );
	}
}
